// 数据录入: show the chosen indicator's unit as the unit field's default. No inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-indicator-select]")) {
    const unit = select.form && select.form.querySelector("input[data-unit-input]");
    if (!unit) continue;
    const fallback = unit.getAttribute("placeholder") || "";
    const update = () => {
      const option = select.selectedOptions[0];
      const known = option ? option.dataset.unit : "";
      unit.setAttribute("placeholder", known ? `默认：${known}` : fallback);
    };
    select.addEventListener("change", update);
    update();
  }
  // Mapping step: mark rows set to 不导入 so they stand out while the user goes through the list.
  for (const select of document.querySelectorAll(".data-mapping select[name='map']")) {
    const row = select.closest("tr");
    const update = () => row.classList.toggle("unmapped", select.value.endsWith(":"));
    select.addEventListener("change", update);
  }
});
