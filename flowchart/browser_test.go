package flowchart

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// measureJS lists every text that the browser sets wider or taller than the node box it belongs to.
const measureJS = `(() => {
  const bad = [];
  for (const g of document.querySelectorAll('g[data-step]')) {
    const outline = g.querySelector('[data-outline]');
    if (!outline) continue;
    const box = outline.getBBox();
    for (const t of g.querySelectorAll('text:not([data-badge])')) {
      const b = t.getBBox();
      if (b.x < box.x + 2 || b.x + b.width > box.x + box.width - 2 || b.y < box.y + 1 || b.y + b.height > box.y + box.height - 1) {
        bad.push(g.closest('svg').dataset.process + '/' + g.dataset.step + ': "' + t.textContent + '" ' +
          [b.x, b.y, b.width, b.height].map(Math.round) + ' outside ' + [box.x, box.y, box.width, box.height].map(Math.round));
      }
    }
  }
  return bad;
})()`

// TestRenderTextFitsInBrowser sets every test chart in real Chromium with the CJK fonts and checks that
// the width estimates keep each text inside its box.
func TestRenderTextFitsInBrowser(t *testing.T) {
	if os.Getenv("GOVFLOW_TEST_BROWSER") == "" {
		t.Skip("GOVFLOW_TEST_BROWSER is not set: this test needs Chromium and fonts-noto-cjk")
	}
	var page strings.Builder
	page.WriteString("<!doctype html><meta charset=utf-8><body>")
	for _, def := range testDefs(t) {
		b, err := Render(def, Options{})
		if err != nil {
			t.Fatal(err)
		}
		page.Write(b)
	}
	file := filepath.Join(t.TempDir(), "charts.html")
	if err := os.WriteFile(file, []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatal(err)
	}
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](measureJS))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Error(b)
	}
}

// browser starts headless Chromium for one test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}
