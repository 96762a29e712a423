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
	narrowTicks = 4     // labels a narrow screen shows all of
	chartMinBar = 1.5   // a non-empty period never looks empty
)

// A sparse span, such as a search whose articles are from 1987 and from
// 2018 to 2022, would spend most of the axis on empty years and leave the
// bars that matter thin. So a run of at least gapMinRun empty periods is
// drawn as one narrow gap, gapWidth wide, marked as a break in the axis
// and labelled with the span it stands for; the bars around it keep one
// scale, and their links and counts are unchanged. A log scale or a
// shorter axis would hide either the empty years or the small counts;
// a break hides neither, and says so. Shorter runs stay, since a few
// empty periods read as the pause they are. A chart of the date range
// the reader chose (a month's days, a year's months) shows every period,
// as that is what was asked for.
const (
	gapMinRun = 5
	gapWidth  = 30.0
)

// column is one place on the chart's axis: the bucket of a bar, or, for a
// gap, its first and last bucket.
type column struct {
	first, last int
	gap         bool
}

// columns lays the buckets of h out on the axis, collapsing long runs of
// empty periods into gaps unless h covers a range the reader chose.
func columns(h index.Histogram) []column {
	var out []column
	for i := 0; i < len(h.Buckets); i++ {
		j := i
		for j < len(h.Buckets) && h.Buckets[j].Count <= 0 {
			j++
		}
		if !h.Chosen && j-i >= gapMinRun {
			out = append(out, column{first: i, last: j - 1, gap: true})
			i = j - 1
			continue
		}
		out = append(out, column{first: i, last: i})
	}
	return out
}

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
	cols := columns(h)
	gaps := 0
	for _, c := range cols {
		if c.gap {
			gaps++
		}
	}
	slot := (chartWidth - float64(gaps)*gapWidth) / float64(len(cols)-gaps)
	gap := 0.0
	if slot >= 4 {
		gap = slot * 0.15
	}
	c := &views.Chart{
		ViewBox:  fmt.Sprintf("0 0 %s %s", num(chartWidth), num(chartPlot+chartAxis)),
		Interval: h.Interval,
		AxisY:    num(chartPlot),
	}
	first, last := h.Buckets[0], h.Buckets[len(h.Buckets)-1]
	c.Label = fmt.Sprintf("Articles per %s from %s to %s", h.Interval, periodLabel(h.Interval, first), periodLabel(h.Interval, last))
	if maxCount > 0 {
		c.Label += fmt.Sprintf("; most in %s (%s)", periodLabel(h.Interval, peak), numfmt.Uint(uint64(maxCount)))
	}
	centers := make([]float64, len(h.Buckets)) // of the bars' buckets, for the ticks
	x, segStart := 0.0, 0.0
	for _, col := range cols {
		if col.gap {
			c.Gaps = append(c.Gaps, gapView(h, col, x))
			c.Axis = append(c.Axis, views.ChartSegment{X1: num(segStart), X2: num(x)})
			x += gapWidth
			segStart = x
			c.Rows = append(c.Rows, views.ChartRow{Label: gapLabel(h.Interval, h.Buckets[col.first], h.Buckets[col.last]), Count: "0"})
			continue
		}
		b := h.Buckets[col.first]
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
			X:      num(x + gap/2),
			Y:      num(chartPlot - height),
			W:      num(slot - gap),
			H:      num(height),
			PlotH:  num(chartPlot),
		}
		if b.Count > 0 {
			bar.URL = periodURL(p, h.Interval, b)
		}
		c.Bars = append(c.Bars, bar)
		c.Rows = append(c.Rows, views.ChartRow{Label: label, Count: bar.Count})
		centers[col.first] = x + slot/2
		x += slot
	}
	c.Axis = append(c.Axis, views.ChartSegment{X1: num(segStart), X2: num(x)})
	ticks := tickIndexes(h, cols)
	for j, i := range ticks {
		c.Ticks = append(c.Ticks, views.ChartTick{
			X:    num(centers[i]),
			Y:    num(chartPlot + chartAxis - 6),
			Text: tickLabel(h.Interval, h.Buckets[i], len(h.Buckets)),
			// A narrow screen draws the chart at half its size or less,
			// where more than four labels run into each other: every
			// other one gives way. Four or fewer all fit, and a reader
			// of three yearly bars must not lose the middle year.
			Minor: len(ticks) > narrowTicks && j%2 == 1,
		})
	}
	if h.Undated > 0 {
		c.Undated = fmt.Sprintf("%s without a date not shown.", articles(int(h.Undated)))
	}
	return c
}

// gapView draws the gap col at x: a band over the plot, a break in the
// axis at each side, and the span it stands for, written up the band.
func gapView(h index.Histogram, col column, x float64) views.ChartGap {
	from, to := h.Buckets[col.first], h.Buckets[col.last]
	cx, cy := x+gapWidth/2, chartPlot/2
	brk := func(at float64) string {
		return fmt.Sprintf("M%s %sL%s %s", num(at-3), num(chartPlot+5), num(at+3), num(chartPlot-5))
	}
	return views.ChartGap{
		Label:  gapLabel(h.Interval, from, to),
		Title:  fmt.Sprintf("%s to %s: no articles", periodLabel(h.Interval, from), periodLabel(h.Interval, to)),
		X:      num(x + 2),
		W:      num(gapWidth - 4),
		PlotH:  num(chartPlot),
		TextX:  num(cx),
		TextY:  num(cy),
		Rotate: fmt.Sprintf("rotate(-90 %s %s)", num(cx), num(cy)),
		Breaks: brk(x) + brk(x+gapWidth),
	}
}

// gapLabel names the span of a gap in few characters, as it is written
// up a narrow band: "1988–2017", "Apr–Jul 1987", "3–9 Mar".
func gapLabel(interval string, from, to index.Bucket) string {
	f, t := from.From, to.From
	switch interval {
	case "month":
		if f.Year() == t.Year() {
			return f.Format("Jan") + "–" + t.Format("Jan 2006")
		}
		return f.Format("Jan 2006") + "–" + t.Format("Jan 2006")
	case "day":
		if f.Year() == t.Year() && f.Month() == t.Month() {
			return f.Format("2") + "–" + t.Format("2 Jan")
		}
		return f.Format("2 Jan") + "–" + t.Format("2 Jan")
	}
	return from.Period + "–" + to.Period
}

// tickIndexes picks the buckets to label among the bars of cols: natural
// boundaries (years of a monthly chart, months of a daily one) when there
// are many periods, then every so many of those, at most chartTicks. A
// gap carries its own label.
func tickIndexes(h index.Histogram, cols []column) []int {
	var cands []int
	for _, col := range cols {
		if col.gap {
			continue
		}
		i, b := col.first, h.Buckets[col.first]
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
