// The questions-per-day chart of /stats and `npm run stats -- --chart`: a PNG with the answered and unanswered
// questions stacked, drawn in this process by Chart.js on @napi-rs/canvas (Skia, shipped as a binary inside its npm
// package: no browser, nothing downloaded at run time).
import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, type Plugin } from 'chart.js';
import type { DayCount } from '../store/stats.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);

const WIDTH = 1000;
const HEIGHT = 450;
const ANSWERED = '#2b6cb0';
const UNANSWERED = '#dd6b20';
/** Fonts a Linux server usually has, before the generic one. */
const FONTS = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

/** A PNG image of the questions per day. */
export async function questionsChart(perDay: readonly DayCount[]): Promise<Buffer> {
  const canvas = createCanvas(WIDTH, HEIGHT);
  const first = perDay[0]?.day ?? '';
  const last = perDay.at(-1)?.day ?? '';
  // Past a month, MM-DD is enough under each bar.
  const labels = perDay.map((count) => (perDay.length > 31 ? count.day.slice(5) : count.day));
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          label: 'answered',
          data: perDay.map((count) => count.answered),
          backgroundColor: ANSWERED,
          stack: 'questions',
        },
        {
          label: 'unanswered',
          data: perDay.map((count) => count.unanswered),
          backgroundColor: UNANSWERED,
          stack: 'questions',
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      font: { family: FONTS },
      plugins: {
        title: {
          display: true,
          text: `Questions per day, ${first} to ${last} (UTC)`,
          font: { family: FONTS, size: 16 },
        },
        legend: { labels: { font: { family: FONTS } } },
      },
      scales: {
        x: { stacked: true, ticks: { font: { family: FONTS } } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { family: FONTS } } },
      },
    },
    plugins: [whiteBackground],
  });
  try {
    // Encoded off the main thread.
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

/** Discord's dark theme would show a transparent chart's black text on black. */
const whiteBackground: Plugin<'bar'> = {
  id: 'white-background',
  beforeDraw(chart) {
    const context = chart.ctx;
    context.save();
    context.fillStyle = 'white';
    context.fillRect(0, 0, chart.width, chart.height);
    context.restore();
  },
};
