/**
 * A small Prometheus registry: counters, histograms and gauges with labels, rendered in the text
 * exposition format. Enough for a bot's handful of series without another dependency.
 */

type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escape = (value: string) => value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"').replace(/\n/gu, '\\n');
  return `{${entries.map(([key, value]) => `${key}="${escape(value)}"`).join(',')}}`;
}

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  value(labels?: Labels): number;
}

export interface Histogram {
  observe(labels: Labels, value: number): void;
}

interface Series {
  render(): string[];
}

export interface GaugeSample {
  readonly labels: Labels;
  readonly value: number;
}

export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  /** A value read when /metrics is scraped, e.g. whether each shard is connected. */
  gauge(name: string, help: string, collect: () => readonly GaugeSample[]): void;
  render(): string;
}

/** Seconds; interaction acks must come within 3 s, so the interesting range is below it. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export function createMetricsRegistry(): MetricsRegistry {
  const series: Series[] = [];
  return {
    counter(name, help) {
      const values = new Map<string, number>();
      series.push({
        render: () => [`# HELP ${name} ${help}`, `# TYPE ${name} counter`, ...(values.size === 0 ? [`${name} 0`] : [...values].map(([labels, value]) => `${name}${labels} ${value}`))],
      });
      return {
        inc(labels = {}, by = 1) {
          const key = labelText(labels);
          values.set(key, (values.get(key) ?? 0) + by);
        },
        value: (labels = {}) => values.get(labelText(labels)) ?? 0,
      };
    },
    histogram(name, help, buckets) {
      const data = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      series.push({
        render: () => {
          const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
          for (const entry of data.values()) {
            buckets.forEach((bound, index) => lines.push(`${name}_bucket${labelText({ ...entry.labels, le: String(bound) })} ${entry.counts[index] ?? 0}`));
            lines.push(`${name}_bucket${labelText({ ...entry.labels, le: '+Inf' })} ${entry.count}`);
            lines.push(`${name}_sum${labelText(entry.labels)} ${entry.sum}`, `${name}_count${labelText(entry.labels)} ${entry.count}`);
          }
          return lines;
        },
      });
      return {
        observe(labels, value) {
          const key = labelText(labels);
          const entry = data.get(key) ?? { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
          data.set(key, entry);
          buckets.forEach((bound, index) => {
            if (value <= bound) entry.counts[index] = (entry.counts[index] ?? 0) + 1;
          });
          entry.sum += value;
          entry.count += 1;
        },
      };
    },
    gauge(name, help, collect) {
      series.push({
        render: () => [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...collect().map((sample) => `${name}${labelText(sample.labels)} ${sample.value}`)],
      });
    },
    render: () => `${series.flatMap((entry) => entry.render()).join('\n')}\n`,
  };
}
