// A contributor's influence and rewards per bucket as a uPlot chart: one point per bucket the API
// answered (empty buckets are zeros, so the x axis is even). The element carries the window it
// shows (data-interval, data-from, data-to) and the number of points uPlot holds (data-points).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.ts';
import { influenceNumber, openNumber } from './format.ts';

export interface Bucket {
  bucketStart: string;
  influence: string;
  rewards: string;
  attributions: number;
}

export interface ChartWindow {
  interval: 'HOUR' | 'DAY';
  from: string;
  to: string;
}

export function influenceChart(buckets: Bucket[], window: ChartWindow, width: number): HTMLElement {
  const box = h('div', { class: 'chart', 'data-interval': window.interval, 'data-from': window.from, 'data-to': window.to });
  const data: uPlot.AlignedData = [
    buckets.map((b) => Date.parse(b.bucketStart) / 1000),
    buckets.map((b) => influenceNumber(b.influence)),
    buckets.map((b) => openNumber(b.rewards)),
  ];
  const opts: uPlot.Options = {
    width: Math.max(320, width),
    height: 280,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, inf: {}, open: {} },
    axes: [
      {},
      { scale: 'inf', label: 'influence (inferences)', size: 60 },
      { scale: 'open', side: 1, label: 'rewards (OPEN)', grid: { show: false }, size: 70 },
    ],
    series: [
      { label: 'UTC' },
      { label: 'influence', scale: 'inf', stroke: '#1d4ed8', fill: 'rgba(29,78,216,0.12)', points: { show: true, size: 5 }, value: (_u, v) => (v == null ? '–' : v.toFixed(3)) },
      { label: 'rewards (OPEN)', scale: 'open', stroke: '#b45309', points: { show: true, size: 5 }, value: (_u, v) => (v == null ? '–' : v.toFixed(4)) },
    ],
  };
  const plot = new uPlot(opts, data, box);
  box.dataset.points = String(plot.data[0].length);
  return box;
}
