import type { AuditHistogram } from '../../../../shared/audit';
import { shortTime } from '../../ui/format';
import { chartSeries } from './chart-series';

const WIDTH = 960;
const HEIGHT = 72;
const GAP = 2;

/** Counts per action over time: stacked bars of the top actions, with the numbers as a table for screen readers. */
export function AuditChart({ histogram }: { histogram: AuditHistogram }) {
  const { names, bars, max } = chartSeries(histogram);
  const width = WIDTH / Math.max(1, bars.length);
  const fine = histogram.bucketMs < 60_000;
  return (
    <figure className="audit-chart">
      <figcaption>
        <span>
          Events per action, {shortTime(histogram.from, fine)} – {shortTime(histogram.to, fine)} · {histogram.total.toLocaleString()} in all
        </span>
        <span className="audit-legend" aria-hidden="true">
          {names.map((name, i) => (
            <span key={name}>
              <i className={`swatch series-${i}`} />
              {name}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {bars.map((bar, b) => {
          let y = HEIGHT;
          return (
            <g key={bar.start}>
              <title>{`${shortTime(bar.start, fine)}: ${bar.total}`}</title>
              {bar.counts.map((count, i) => {
                if (count === 0) return null;
                const h = (count / max) * (HEIGHT - 2);
                y -= h;
                return <rect key={names[i]} className={`series-${i}`} x={b * width + GAP / 2} y={y} width={Math.max(1, width - GAP)} height={h} />;
              })}
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>Events per action over time</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            {names.map((name) => (
              <th scope="col" key={name}>
                {name}
              </th>
            ))}
            <th scope="col">All</th>
          </tr>
        </thead>
        <tbody>
          {bars
            .filter((bar) => bar.total > 0)
            .map((bar) => (
              <tr key={bar.start}>
                <th scope="row">{shortTime(bar.start, fine)}</th>
                {bar.counts.map((count, i) => (
                  <td key={names[i]}>{count}</td>
                ))}
                <td>{bar.total}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
