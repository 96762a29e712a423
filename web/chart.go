package web

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/internal/numfmt"
	"github.com/newsarchive/newsarchive/views"
)

// The chart's drawing area, in SVG user units. The SVG scales to the
// width of the page, so these fix proportions, not pixels.
const (
	chartWidth  = 720.0
	chartPlot   = 110.0 // height of the bars' area
	chartAxis   = 22.0  // room below for the labels
	chartTicks  = 8     // labels at most, so they stay readable
	chartMinBar = 1.5   // a non-empty period never looks empty
)

// chart lays out the histogram as bars linking to each period. It is nil
// when no result has a date, as there is nothing to draw.
func chart(p searchParams, h index.Histogram) *views.Chart {
	if len(h.Buckets) == 0 {
		return nil
	}
	maxCount, peak := 0, h.Buckets[0]
	for _, b := range h.Buckets {
		if b.Count > maxCount {
			maxCount, peak = b.Count, b
		}
	}
	n := float64(len(h.Buckets))
	slot := chartWidth / n
	gap := 0.0
	if slot >= 4 {
		gap = slot * 0.15
	}
	c := &views.Chart{
		ViewBox:  fmt.Sprintf("0 0 %s %s", num(chartWidth), num(chartPlot+chartAxis)),
		Interval: h.Interval,
		AxisY:    num(chartPlot),
		Width:    num(chartWidth),
	}
	first, last := h.Buckets[0], h.Buckets[len(h.Buckets)-1]
	c.Label = fmt.Sprintf("Articles per %s from %s to %s", h.Interval, periodLabel(h.Interval, first), periodLabel(h.Interval, last))
	if maxCount > 0 {
		c.Label += fmt.Sprintf("; most in %s (%s)", periodLabel(h.Interval, peak), numfmt.Uint(uint64(maxCount)))
	}
	for i, b := range h.Buckets {
		height := 0.0
		if maxCount > 0 && b.Count > 0 {
			height = max(float64(b.Count)/float64(maxCount)*chartPlot, chartMinBar)
		}
		label := periodLabel(h.Interval, b)
		bar := views.ChartBar{
			Period: b.Period,
			Label:  label,
			Count:  numfmt.Uint(uint64(max(b.Count, 0))),
			Title:  fmt.Sprintf("%s: %s", label, articles(b.Count)),
			X:      num(float64(i)*slot + gap/2),
			Y:      num(chartPlot - height),
			W:      num(slot - gap),
			H:      num(height),
			PlotH:  num(chartPlot),
		}
		if b.Count > 0 {
			bar.URL = periodURL(p, h.Interval, b)
		}
		c.Bars = append(c.Bars, bar)
	}
	for _, i := range tickIndexes(h) {
		c.Ticks = append(c.Ticks, views.ChartTick{
			X:    num(float64(i)*slot + slot/2),
			Y:    num(chartPlot + chartAxis - 6),
			Text: tickLabel(h.Interval, h.Buckets[i], len(h.Buckets)),
		})
	}
	if h.Undated > 0 {
		c.Undated = fmt.Sprintf("%s without a date not shown.", articles(int(h.Undated)))
	}
	return c
}

// tickIndexes picks the buckets to label: natural boundaries (years of a
// monthly chart, months of a daily one) when there are many bars, then
// every so many of those, at most chartTicks.
func tickIndexes(h index.Histogram) []int {
	var cands []int
	for i, b := range h.Buckets {
		switch {
		case h.Interval == "month" && len(h.Buckets) > 24 && b.From.Month() != time.January:
		case h.Interval == "day" && len(h.Buckets) > 45 && b.From.Day() != 1:
		default:
			cands = append(cands, i)
		}
	}
	step := (len(cands) + chartTicks - 1) / chartTicks
	var out []int
	for j := 0; j < len(cands); j += max(step, 1) {
		out = append(out, cands[j])
	}
	return out
}

// tickLabel is the short axis label of a bucket.
func tickLabel(interval string, b index.Bucket, n int) string {
	switch interval {
	case "month":
		if n > 24 {
			return b.From.Format("2006")
		}
		return b.From.Format("Jan 2006")
	case "day":
		return b.From.Format("2 Jan")
	}
	return b.Period
}

// periodLabel names a bucket in words: "1987", "March 1987", "5 March 1987".
func periodLabel(interval string, b index.Bucket) string {
	switch interval {
	case "month":
		return b.From.Format("January 2006")
	case "day":
		return b.From.Format(humanDay)
	}
	return b.Period
}

// periodURL narrows the search to one bucket: a year or month as the
// date facet says it, a day as a from/to range.
func periodURL(p searchParams, interval string, b index.Bucket) string {
	return p.with(func(c *searchParams) {
		c.Date, c.From, c.To = b.Period, "", ""
		if interval == "day" {
			c.Date, c.From, c.To = "", b.From.Format(dayLayout), b.From.Format(dayLayout)
		}
	}).url()
}

func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return numfmt.Uint(uint64(max(n, 0))) + " articles"
}

// num writes a coordinate with at most two decimals.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }
