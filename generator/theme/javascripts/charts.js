// Progressive enhancement of the KPI charts. Every chart is a static SVG with its
// summary and table, readable without JavaScript. The button under a chart swaps
// it for the interactive plotly chart (each point's value shown where the pointer
// or finger rests); plotly.js, the partial bundle served from this site, is
// loaded only when a resident first presses one. Focus stays on the button.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-plotly");
  var loading = null;

  function loadPlotly() {
    if (window.Plotly) {
      return Promise.resolve(window.Plotly);
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundle;
        tag.onload = function () {
          resolve(window.Plotly);
        };
        tag.onerror = function () {
          loading = null;
          tag.remove();
          reject(new Error("plotly.js: " + bundle));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  // The interactive chart of `id`, drawn once beside its picture (which stays visible
  // until the chart is drawn, so that the chart gets the picture's width).
  function interactive(id) {
    var holder = document.getElementById(id + "-interactive");
    if (holder) {
      return Promise.resolve(holder);
    }
    var figure = JSON.parse(document.getElementById(id + "-figure").textContent);
    var picture = document.getElementById(id + "-picture");
    return loadPlotly().then(function (Plotly) {
      holder = document.createElement("div");
      holder.id = id + "-interactive";
      holder.className = "chart-interactive";
      holder.setAttribute("role", "img");
      holder.setAttribute("aria-labelledby", id + "-t");
      holder.setAttribute("aria-describedby", id + "-s");
      picture.parentNode.insertBefore(holder, picture.nextSibling);
      if (picture.clientWidth < 600) {
        // The 年度 labels the narrow picture uses, so that none overlap on a phone.
        Object.assign(figure.layout.xaxis, figure.narrowXaxis);
      }
      return Plotly.newPlot(holder, figure.data, figure.layout, figure.config).then(function () {
        return holder;
      });
    });
  }

  function show(button, on) {
    var id = button.getAttribute("data-chart");
    var picture = document.getElementById(id + "-picture");
    var status = button.parentNode.querySelector(".chart-switch-status");
    if (!on) {
      var holder = document.getElementById(id + "-interactive");
      if (holder) {
        holder.hidden = true;
      }
      picture.hidden = false;
      button.setAttribute("aria-pressed", "false");
      status.textContent = "";
      return;
    }
    status.textContent = "読み込んでいます。";
    interactive(id).then(
      function (holder) {
        holder.hidden = false;
        picture.hidden = true;
        button.setAttribute("aria-pressed", "true");
        status.textContent = "点に触れるかポインターを重ねると、その時期と値が出ます。";
      },
      function () {
        status.textContent = "操作できるグラフを読み込めませんでした。図と表はそのまま見られます。";
      }
    );
  }

  document.querySelectorAll(".chart-switch button[data-chart]").forEach(function (button) {
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      show(button, button.getAttribute("aria-pressed") !== "true");
    });
  });
})();
