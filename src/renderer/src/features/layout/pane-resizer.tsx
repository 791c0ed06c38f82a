// The handle between the credential list and the right pane: drag it, or focus it and use the
// arrow keys (WAI-ARIA window splitter pattern). The width is kept for the next start.
import { useState, type KeyboardEvent, type PointerEvent } from 'react';

export const LIST_WIDTH = { min: 220, max: 560, initial: 320, step: 16 };
const STORAGE_KEY = 'oauth-desk-list-width';

export const clampListWidth = (width: number) =>
  Math.round(Math.min(LIST_WIDTH.max, Math.max(LIST_WIDTH.min, width)));

function storedWidth(): number {
  try {
    const value = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(value) && value > 0 ? clampListWidth(value) : LIST_WIDTH.initial;
  } catch {
    return LIST_WIDTH.initial;
  }
}

/** The list pane's width and a setter that clamps and remembers it. */
export function useListWidth(): [number, (width: number) => void] {
  const [width, setWidth] = useState(storedWidth);
  const update = (next: number) => {
    const clamped = clampListWidth(next);
    setWidth(clamped);
    try {
      localStorage.setItem(STORAGE_KEY, String(clamped));
    } catch {
      // Storage refused: the width holds for this session.
    }
  };
  return [width, update];
}

export function PaneResizer({
  width,
  onResize,
}: {
  width: number;
  onResize: (width: number) => void;
}) {
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowLeft: width - LIST_WIDTH.step,
      ArrowRight: width + LIST_WIDTH.step,
      Home: LIST_WIDTH.min,
      End: LIST_WIDTH.max,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onResize(next);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const handle = event.currentTarget;
    const startX = event.clientX;
    const startWidth = width;
    handle.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => onResize(startWidth + e.clientX - startX);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  return (
    <div
      className="pane-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the credential list"
      aria-valuemin={LIST_WIDTH.min}
      aria-valuemax={LIST_WIDTH.max}
      aria-valuenow={width}
      tabIndex={0}
      title="Drag, or use the arrow keys, to resize the list"
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
    />
  );
}
