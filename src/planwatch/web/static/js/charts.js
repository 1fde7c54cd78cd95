// Charts of the 总览 and indicator pages (ECharts, SVG renderer so that charts print sharply).
// Data comes from <script type="application/json"> blocks written by the server; no inline code, no eval.
(function () {
  "use strict";

  const COLORS = {
    good: "#1b7f3b", ok: "#c58a00", bad: "#b3261e", none: "#8a94a3",
    actual: "#0b5cad", linear: "#8a6100", compound: "#6a1b9a", forecast: "#d35400",
    band: "rgba(211, 84, 0, 0.15)", baseline: "#5f6b7a", target: "#1b7f3b", expected: "#c9ced6",
  };
  const FONT = '"Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const charts = [];

  function readJson(id) {
    const node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (error) { return null; }
  }

  function narrow() { return window.matchMedia("(max-width: 640px)").matches; }

  function formatNumber(value) {
    if (value === null || value === undefined || !isFinite(value)) return "—";
    const size = Math.abs(value);
    const digits = size >= 10000 ? 0 : size >= 100 ? 1 : 2;
    return Number(value.toFixed(digits)).toLocaleString("zh-CN", { maximumFractionDigits: digits });
  }

  function make(element) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }

  function showMessage(element, text) {
    element.classList.add("chart-empty");
    element.textContent = text;
  }

  // --- 总览: one horizontal bar chart per family ------------------------------------------------

  function familyChart(element, family) {
    const items = family.items.slice().reverse(); // first indicator on top
    const chart = make(element);
    chart.setOption({
      textStyle: { fontFamily: FONT },
      animation: false,
      legend: { bottom: 0, data: ["完成度", "序时进度"] },
      grid: { left: 8, right: 56, top: 24, bottom: 32, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (params) {
          const item = items[params[0].dataIndex];
          const lines = [item.name + "（" + item.status + "）"];
          lines.push("完成度：" + formatNumber(item.achievement) + "%");
          if (item.expected !== null) lines.push("序时进度：" + formatNumber(item.expected) + "%" + (item.year ? "（" + item.year + "年）" : ""));
          return lines.join("<br>");
        },
      },
      xAxis: {
        type: "value",
        splitNumber: 4,
        axisLabel: { formatter: "{value}%", hideOverlap: true },
        splitLine: { lineStyle: { color: "#eef0f3" } },
      },
      yAxis: {
        type: "category",
        data: items.map(function (i) { return i.name; }),
        axisLabel: { width: narrow() ? 84 : 120, overflow: "break", lineHeight: 15, color: "#1f2933" },
      },
      series: [
        {
          name: "完成度",
          type: "bar",
          barMaxWidth: 16,
          data: items.map(function (i) {
            return { value: i.achievement, itemStyle: { color: COLORS[i.tone] || COLORS.none } };
          }),
          itemStyle: { color: COLORS.good },
          label: { show: true, position: "right", formatter: function (p) { return formatNumber(p.value) + "%"; } },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: COLORS.target, type: "dashed" },
            label: { formatter: "目标 100%", position: "end" },
            data: [{ xAxis: 100 }],
          },
        },
        {
          name: "序时进度",
          type: "bar",
          barMaxWidth: 16,
          itemStyle: { color: COLORS.expected },
          data: items.map(function (i) { return i.expected; }),
        },
      ],
    });
    chart.on("click", function (params) {
      const item = items[params.dataIndex];
      if (item && item.url) window.location.href = item.url;
    });
  }

  function renderDashboard() {
    const data = readJson("dashboard-chart-data");
    if (!data) return;
    const byKey = {};
    for (const family of data.families) byKey[family.key] = family;
    for (const element of document.querySelectorAll(".family-chart[data-family]")) {
      const family = byKey[element.dataset.family];
      if (family && family.items.length) familyChart(element, family);
    }
  }

  // --- one indicator: paths, figures, forecast and its interval -----------------------------------

  // Figures on a line that is broken at every definition break (values either side are not comparable).
  function withGaps(points, breaks) {
    const data = [];
    let previous = null;
    for (const p of points) {
      if (previous !== null && breaks.some(function (b) { return previous < b && b <= p.year; })) {
        data.push({ value: [p.year - 0.5, "-"] });
      }
      const approx = p.qualifier === "approximate";
      data.push({ value: [p.year, p.value], label_text: p.label, symbol: approx ? "emptyCircle" : "circle" });
      previous = p.year;
    }
    return data;
  }

  function xy(points) { return points.map(function (p) { return [p.year, p.value]; }); }

  function pointSeries(name, points, options) {
    return Object.assign({
      name: name,
      type: "scatter",
      z: 5,
      data: points.map(function (p) { return { value: [p.year, p.value], label_text: p.label }; }),
      tooltip: { formatter: function (p) { return p.seriesName + "<br>" + p.value[0] + "年 " + p.data.label_text; } },
    }, options);
  }

  function indicatorChart(element, data) {
    const series = [];
    const unit = data.unit || "";
    const exact = data.actual.filter(function (p) { return p.qualifier === "exact" || p.qualifier === "approximate"; });
    const lower = data.actual.filter(function (p) { return p.qualifier === "lower_bound"; });
    const upper = data.actual.filter(function (p) { return p.qualifier === "upper_bound"; });
    if (data.linear.length) {
      series.push({ name: "线性预期路径", type: "line", data: xy(data.linear), symbol: "none",
        lineStyle: { type: "dashed", width: 1.5, color: COLORS.linear }, itemStyle: { color: COLORS.linear } });
    }
    if (data.compound.length) {
      series.push({ name: "复合预期路径", type: "line", data: xy(data.compound), symbol: "none",
        lineStyle: { type: "dotted", width: 2, color: COLORS.compound }, itemStyle: { color: COLORS.compound } });
    }
    if (data.band.length === 2) {
      const band = data.band;
      series.push({
        name: data.interval_label || "预测区间",
        type: "custom",
        silent: true,
        z: 1,
        itemStyle: { color: COLORS.band },
        data: band.map(function (b) { return [b.year, b.low, b.high]; }),
        encode: { x: 0, y: [1, 2] },
        renderItem: function (params, api) {
          if (params.dataIndex !== 0) return null;
          const points = band.map(function (b) { return api.coord([b.year, b.low]); })
            .concat(band.slice().reverse().map(function (b) { return api.coord([b.year, b.high]); }));
          return { type: "polygon", shape: { points: points }, style: { fill: COLORS.band } };
        },
      });
    }
    if (data.forecast.length) {
      series.push({ name: "趋势预测", type: "line", data: xy(data.forecast), symbol: "emptyCircle", symbolSize: 6,
        lineStyle: { type: "dashed", width: 2, color: COLORS.forecast }, itemStyle: { color: COLORS.forecast } });
    }
    if (exact.length) {
      series.push({
        name: "实际值",
        type: "line",
        z: 4,
        symbolSize: 8,
        lineStyle: { color: COLORS.actual, width: 2 },
        itemStyle: { color: COLORS.actual },
        data: withGaps(exact, data.breaks || []),
        tooltip: { formatter: function (p) { return "实际值<br>" + p.value[0] + "年 " + p.data.label_text; } },
      });
    }
    if (lower.length) {
      series.push(pointSeries("下限值（≥）", lower, {
        symbol: "triangle", symbolSize: 13, itemStyle: { color: COLORS.actual },
        label: { show: true, position: "top", formatter: "≥", color: COLORS.actual, fontWeight: "bold" },
      }));
    }
    if (upper.length) {
      series.push(pointSeries("上限值（≤）", upper, {
        symbol: "triangle", symbolRotate: 180, symbolSize: 13, itemStyle: { color: COLORS.actual },
        label: { show: true, position: "bottom", formatter: "≤", color: COLORS.actual, fontWeight: "bold" },
      }));
    }
    if (data.baseline) {
      series.push(pointSeries("基期值", [data.baseline], {
        symbol: "diamond", symbolSize: 14, itemStyle: { color: COLORS.baseline },
        label: { show: true, position: "left", formatter: "基期", color: COLORS.baseline },
      }));
    }
    if (data.target) {
      series.push(pointSeries("目标值", [data.target], {
        symbol: "pin", symbolSize: 26, itemStyle: { color: COLORS.target },
        label: { show: true, position: "top", formatter: "目标", color: COLORS.target },
      }));
    }
    if (!series.length) {
      showMessage(element, data.empty_message || "暂无可绘制的数据。");
      return;
    }
    // The evaluation year (and any definition break) as vertical lines, carried by the first series.
    const marks = [{
      xAxis: data.evaluation_year,
      lineStyle: { color: "#1f2933", type: "solid", width: 1 },
      label: { formatter: "评价年度 " + data.evaluation_year + "年", position: "insideEndTop", color: "#1f2933" },
    }];
    for (const year of data.breaks || []) {
      marks.push({
        xAxis: year - 0.5,
        lineStyle: { color: "#8a94a3", type: "dashed", width: 1 },
        label: { formatter: "口径调整", position: "insideEndBottom", color: "#5f6b7a" },
      });
    }
    series[0].markLine = { silent: true, symbol: "none", data: marks };
    const chart = make(element);
    chart.setOption({
      textStyle: { fontFamily: FONT },
      animation: false,
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 24, top: narrow() ? 64 : 48, bottom: 8, containLabel: true },
      tooltip: { trigger: "item" },
      xAxis: {
        type: "value",
        min: data.x_min,
        max: data.x_max,
        minInterval: 1,
        interval: data.x_max - data.x_min > 12 ? 2 : 1,
        axisLabel: { formatter: function (value) { return value + "年"; }, hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: {
        type: "value",
        name: unit ? "单位：" + unit : "",
        scale: true,
        axisLabel: { formatter: function (value) { return formatNumber(value); } },
        splitLine: { lineStyle: { color: "#eef0f3" } },
      },
      series: series,
    });
  }

  function renderIndicator() {
    const data = readJson("indicator-chart-data");
    const element = document.getElementById("indicator-chart");
    if (!data || !element) return;
    indicatorChart(element, data);
  }

  function resizeAll() { for (const chart of charts) chart.resize(); }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") {
      for (const element of document.querySelectorAll(".family-chart, .indicator-chart")) {
        showMessage(element, "图表组件未能加载，请参阅下方表格。");
      }
      return;
    }
    renderDashboard();
    renderIndicator();
    window.addEventListener("resize", resizeAll);
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  });
})();
