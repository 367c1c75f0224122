// The console's only script: the charts (ECharts, from its WebJar) and, while a run goes, its
// partitions table fetched again every 2 seconds. No inline script: the pages' policy forbids it.
(function () {
  function charts() {
    document.querySelectorAll('[data-chart]').forEach(function (element) {
      if (typeof echarts === 'undefined') {
        return;
      }
      var data = JSON.parse(element.getAttribute('data-chart'));
      var bar = element.getAttribute('data-kind') === 'bar';
      var colours = ['#166534', '#b91c1c', '#92400e', '#6b21a8'];
      var series = Object.keys(data.series).map(function (name, i) {
        return { name: name, type: bar ? 'bar' : 'line', stack: bar ? 'all' : undefined,
          data: data.series[name], itemStyle: { color: colours[i % colours.length] } };
      });
      echarts.init(element).setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { show: series.length > 1 },
        xAxis: { type: 'category', data: data.labels },
        yAxis: { type: 'value', name: data.unit },
        series: series
      });
    });
  }
  function refresh() {
    var holder = document.getElementById('partitions');
    var url = holder && holder.getAttribute('data-refresh');
    if (!url) {
      return;
    }
    setTimeout(function () {
      fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var parsed = new DOMParser().parseFromString(html, 'text/html').getElementById('partitions');
          if (parsed) {
            holder.replaceWith(parsed);
          }
          refresh();
        })
        .catch(function () { refresh(); });
    }, 2000);
  }
  document.addEventListener('DOMContentLoaded', function () {
    charts();
    refresh();
  });
})();
