import { CATEGORIES } from "../api/types";

export const MAX_INTERESTS = 10;

/** Toggle chips over the video categories (checkboxes underneath, so keyboards and screen readers work). */
export function InterestPicker({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const toggle = (c: string) =>
    onChange(value.includes(c) ? value.filter((x) => x !== c) : value.length < MAX_INTERESTS ? [...value, c] : value);
  return (
    <fieldset className="chips">
      <legend>Interests (up to {MAX_INTERESTS})</legend>
      {CATEGORIES.map((c) => (
        <label key={c} className={`chip ${value.includes(c) ? "is-on" : ""}`}>
          <input type="checkbox" className="sr-only" checked={value.includes(c)} onChange={() => toggle(c)} />
          {c}
        </label>
      ))}
    </fieldset>
  );
}
