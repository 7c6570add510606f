// Focus each element a keyboard reaches and list those whose focus ring is missing,
// thinner than 2 px or under 3:1 against the first opaque background behind it
// (WCAG 1.4.11). Run by tests/e2e/validators.py after a Tab key press, so that the
// browser draws rings as it does for keyboard users.
() => {
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const rgba = (text) => (text.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) =>
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const ratio = (a, b) => {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  };
  const backdrop = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || color[3] > 0) return color;
    }
    return [255, 255, 255];
  };
  const focusable = [
    "a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "[tabindex]:not([tabindex='-1'])",
  ].join(", ");
  const problems = [];
  for (const element of document.querySelectorAll(focusable)) {
    element.focus();
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    const width = parseFloat(style.outlineWidth);
    const contrast = ratio(rgba(style.outlineColor), backdrop(element));
    if (style.outlineStyle === "none" || width < 2 || contrast < 3) {
      const what = element.outerHTML.slice(0, 80);
      problems.push(`${what}: ${style.outlineStyle} ${width}px, ${contrast.toFixed(2)}:1`);
    }
  }
  document.activeElement.blur();
  return problems;
}
