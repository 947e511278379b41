/** A small turning ring with its words, for a view still loading (drawn by CSS; still when
 * motion is reduced). */
export default function Spinner({ label = "加载中…" }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="spinner-ring" aria-hidden />
      <span className="spinner-label">{label}</span>
    </span>
  );
}
