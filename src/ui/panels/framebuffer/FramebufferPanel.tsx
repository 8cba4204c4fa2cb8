// The Framebuffer view: the buffer the display scans out at the cursor, drawn from its bytes
// (XRGB8888, every other pixel), with where it lives and who wrote its pixels; beside it the
// picture just before suspend and just after resume (a click goes there), and how much the
// cursor's picture differs from the one before suspend.
import { useEffect, useMemo, useRef } from 'react';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { percent, pixelDifference, placeText, stateText, writersText } from './fbModel.ts';
import type { FramebufferImage } from './slice.ts';
import './framebuffer.css';

function FbCanvas({ img, label }: { img: FramebufferImage; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const cv = ref.current;
    if (!cv || img.width === 0 || img.height === 0) return;
    cv.width = img.width;
    cv.height = img.height;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    const px = new Uint8ClampedArray(img.rgba.subarray(0, img.width * img.height * 4));
    ctx.putImageData(new ImageData(px, img.width, img.height), 0, 0);
  }, [img]);
  if (img.width === 0) return <div className="fb-none muted">{stateText(img)}</div>;
  return <canvas ref={ref} className="fb-canvas" role="img" aria-label={label} data-bo={img.bo ?? ''} data-at={img.at} data-state={img.state} width={img.width} height={img.height} />;
}

function Compare({ images, now }: { images: readonly FramebufferImage[]; now: FramebufferImage | null }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const [before, after] = images;
  const differ = before && after ? pixelDifference(before, after) : null;
  return (
    <aside className="fb-compare" aria-label="Before and after">
      {differ !== null && (
        <p className={`fb-diff${differ > 0 ? ' bad' : ' good'}`} aria-label="Difference" data-differ={differ}>
          {differ > 0 ? `${percent(differ)} of the pixels differ after resume` : 'the same picture after resume'}
        </p>
      )}
      {images.map((img, i) => {
        const title = i === 0 ? 'Before suspend' : 'After resume';
        return (
          <button
            key={title}
            type="button"
            className={`fb-thumb${cursor === img.at ? ' here' : ''}`}
            onClick={() => c.cursor.seek(img.at)}
            title={`go to event ${img.at}; pixels written by ${writersText(img)}`}
            data-which={i === 0 ? 'before' : 'after'}
          >
            <span className="fb-thumb-title">
              {title} <span className="fev">ev {img.at}</span>
            </span>
            <FbCanvas img={img} label={`Framebuffer ${title.toLowerCase()}`} />
          </button>
        );
      })}
      {now && before && now.at !== before.at && now.width > 0 && <p className="fb-diff muted">at the cursor: {percent(pixelDifference(before, now))} differ from before suspend</p>}
    </aside>
  );
}

export function FramebufferPanel() {
  const now = usePanel('framebuffer', (f) => f.now);
  const compare = usePanel('framebuffer', (f) => f.compare);
  const cursor = useRun((r) => r.cursor);
  const stale = now !== null && now.at !== cursor;
  const where = useMemo(() => (now ? [now.bo, placeText(now), stateText(now)].filter((x) => x).join(' · ') : ''), [now]);
  return (
    <section className={`panel fbpanel${stale ? ' stale' : ''}`} aria-label="Framebuffer" data-cursor={now?.at ?? ''}>
      <div className="hex-head">
        <ViewTabs />
      </div>
      <div className={`fb-body${compare && compare.length > 0 ? '' : ' single'}`}>
        <div className="fb-main">
          <div className="fb-frame">{now ? <FbCanvas img={now} label="Framebuffer at the cursor" /> : <p className="muted empty">…</p>}</div>
          {now && (
            <div className="inspector fb-writers" aria-label="Scanout" title={now.width > 0 ? `${now.fbWidth}×${now.fbHeight} XRGB8888, every ${now.step === 1 ? '' : `${now.step}nd `}pixel of every ${now.step === 1 ? '' : `${now.step}nd `}line shown` : undefined}>
              <b className="mono">{where}</b>
              {now.beyondBar && <span className="bad"> · beyond BAR1</span>}
              {now.writers.length > 0 && (
                <>
                  <span className="muted"> · pixels written by </span>
                  <span className="fb-writer">{writersText(now)}</span>
                </>
              )}
            </div>
          )}
        </div>
        {compare && compare.length > 0 && <Compare images={compare} now={now} />}
      </div>
    </section>
  );
}
