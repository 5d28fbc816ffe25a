import { html, type Raw } from './html';

/**
 * Charts drawn on the server as inline SVG: no chart library, no script, nothing fetched by the
 * browser. Each mark carries a `<title>`, which browsers show as a tooltip on hover. In a
 * right-to-left page the x axis runs right to left and the value axis sits on the right.
 */

export type Point = Readonly<{ value: number | null; title: string }>;
export type Series = Readonly<{ name: string; colorClass: string; points: readonly Point[] }>;

export type ChartOptions = Readonly<{
  labels: readonly string[];
  series: readonly Series[];
  rtl: boolean;
  formatTick: (value: number) => string;
  /** Accessible name of the chart. */
  title: string;
  width?: number;
  height?: number;
  /** Values the axis must include (e.g. 0 and 100 for a percentage). */
  include?: readonly number[];
}>;

const PAD = { top: 14, bottom: 30, side: 46, far: 26 };

/** A 1-2-5 step giving about five gridlines between min and max. */
export function niceScale(values: readonly number[]): { min: number; max: number; step: number } {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const rough = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step, step };
}

type Frame = Readonly<{
  width: number;
  height: number;
  x: (index: number) => number;
  y: (value: number) => number;
  slot: number;
  axis: Raw;
}>;

function frame(options: ChartOptions, kind: 'line' | 'bar'): Frame {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const values = options.series.flatMap((s) => s.points.map((p) => p.value)).filter((v) => v !== null);
  const scale = niceScale([...values, ...(options.include ?? [0])]);
  const plotLeft = options.rtl ? PAD.far : PAD.side;
  const plotRight = width - (options.rtl ? PAD.side : PAD.far);
  const plotWidth = plotRight - plotLeft;
  const count = Math.max(1, options.labels.length);
  const slot = plotWidth / count;
  const centre = (index: number) =>
    kind === 'bar' || count === 1 ? (index + 0.5) * slot : (index * plotWidth) / (count - 1);
  const x = (index: number) => (options.rtl ? plotRight - centre(index) : plotLeft + centre(index));
  const plotHeight = height - PAD.top - PAD.bottom;
  const y = (value: number) => PAD.top + ((scale.max - value) / (scale.max - scale.min)) * plotHeight;
  const ticks: number[] = [];
  for (let v = scale.min; v <= scale.max + scale.step / 2; v += scale.step) ticks.push(Number(v.toFixed(6)));
  const tickX = options.rtl ? plotRight + 6 : plotLeft - 6;
  // SVG text inherits the page's direction, where `end` is the side away from the plot in both
  // cases: the left end in ltr (labels left of the axis), the right end in rtl.
  const anchor = 'end';
  // At most ~8 x labels, counted back from the latest (the one people look for), so long
  // histories stay legible and the last two labels never collide.
  const every = Math.ceil(count / 8);
  const labelled = (index: number) => (count - 1 - index) % every === 0;
  const axis = html`<g class="axis">${ticks.map(
    (t) =>
      html`<line x1="${plotLeft}" x2="${plotRight}" y1="${y(t)}" y2="${y(t)}" class="${t === 0 ? 'zero' : 'grid'}"/><text x="${tickX}" y="${y(t) + 4}" text-anchor="${anchor}">${options.formatTick(t)}</text>`,
  )}${options.labels.map((label, index) =>
    labelled(index)
      ? html`<text x="${x(index)}" y="${height - 10}" text-anchor="middle">${label}</text>`
      : '',
  )}</g>`;
  return { width, height, x, y, slot, axis };
}

function svg(options: ChartOptions, f: Frame, body: Raw): Raw {
  return html`<svg class="chart" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${options.title}" xmlns="http://www.w3.org/2000/svg">${f.axis}${body}</svg>`;
}

/** Lines with a dot per value; a NULL value breaks the line. */
export function lineChart(options: ChartOptions): Raw {
  const f = frame(options, 'line');
  const body = options.series.map((series) => {
    const segments: string[][] = [[]];
    series.points.forEach((p, index) => {
      if (p.value === null) segments.push([]);
      else segments[segments.length - 1]?.push(`${f.x(index).toFixed(1)},${f.y(p.value).toFixed(1)}`);
    });
    const lines = segments
      .filter((s) => s.length > 1)
      .map((s) => html`<polyline class="line ${series.colorClass}" points="${s.join(' ')}"/>`);
    const dots = series.points.map((p, index) =>
      p.value === null
        ? ''
        : html`<circle class="dot ${series.colorClass}" cx="${f.x(index).toFixed(1)}" cy="${f.y(p.value).toFixed(1)}" r="3.5"><title>${p.title}</title></circle>`,
    );
    return html`<g data-series="${series.name}">${lines}${dots}</g>`;
  });
  return svg(options, f, html`${body}`);
}

/** Grouped vertical bars, one group per label. */
export function barChart(options: ChartOptions): Raw {
  const f = frame(options, 'bar');
  const groups = options.series.length;
  const barWidth = Math.min(26, (f.slot * 0.7) / groups);
  const body = options.series.map((series, s) => {
    const offset = (s - (groups - 1) / 2) * barWidth * (options.rtl ? -1 : 1);
    const bars = series.points.map((p, index) => {
      if (p.value === null) return '';
      const top = Math.min(f.y(p.value), f.y(0));
      const height = Math.max(1, Math.abs(f.y(p.value) - f.y(0)));
      const left = f.x(index) + offset - barWidth / 2;
      return html`<rect class="bar ${series.colorClass}" x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" rx="2"><title>${p.title}</title></rect>`;
    });
    return html`<g data-series="${series.name}">${bars}</g>`;
  });
  return svg(options, f, html`${body}`);
}

/** Legend chips for a chart's series. */
export function legend(series: readonly Pick<Series, 'name' | 'colorClass'>[]): Raw {
  return html`<ul class="legend">${series.map(
    (s) => html`<li><span class="swatch ${s.colorClass}"></span>${s.name}</li>`,
  )}</ul>`;
}

/** A horizontal share bar (0–100 %), drawn as an inline SVG so it needs no script. */
export function shareBar(share: number | null, title: string, colorClass = 'c1'): Raw {
  const width = share === null ? 0 : Math.max(0, Math.min(100, share));
  return html`<svg class="share" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg"><rect class="track" x="0" y="0" width="100" height="8" rx="2"/><rect class="bar ${colorClass}" x="0" y="0" width="${width}" height="8" rx="2"><title>${title}</title></rect></svg>`;
}
