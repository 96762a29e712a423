package web

import "github.com/newsarchive/newsarchive/views"

// helpSections is the query language guide. Each example is linked to its
// own search, so the guide doubles as a set of working demonstrations.
func helpSections() []views.HelpSection {
	type ex struct{ q, explain string }
	sections := []struct {
		title, intro string
		examples     []ex
	}{
		{"Words and phrases", "Words match in any form (election matches elections). Quote words to match them next to each other.", []ex{
			{`election`, "articles that mention election, elections, …"},
			{`oil prices`, "articles with both words, anywhere"},
			{`"interest rates"`, "the exact phrase"},
			{`"oil prices"~3`, "oil and prices in any order, for when the exact phrase is too strict (the distance is not yet enforced)"},
		}},
		{"AND, OR, NOT and parentheses", "Words are all required by default. Use OR for either, NOT to exclude, and parentheses to group. Write the operators in capitals.", []ex{
			{`iran AND israel`, "both words (the same as iran israel)"},
			{`strike OR walkout`, "either word"},
			{`bank NOT central`, "bank, but not central"},
			{`(iran OR iraq) AND oil`, "oil, with iran or iraq"},
		}},
		{"Required and excluded words", "A + in front requires a word, a - excludes it.", []ex{
			{`+trade -china`, "trade, but never china"},
			{`+"white house" budget`, "the phrase white house, and budget"},
		}},
		{"Fields", "Search one part of an article with field:value. Fields: title, body, actor, topic, source.", []ex{
			{`title:summit`, "summit in the headline"},
			{`body:ceasefire`, "ceasefire in the text"},
			{`actor:"Joe Biden"`, "articles about Joe Biden"},
			{`topic:economy`, "articles on the economy"},
			{`source:reuters`, "articles from Reuters"},
		}},
		{"Fuzzy and prefix matches", "A ~ after a word also matches small misspellings; a * matches any ending.", []ex{
			{`recieve~`, "receive, despite the misspelling (one edit for short words, two for words of six letters or more)"},
			{`recieve~1`, "exactly one edit at most"},
			{`econom*`, "economy, economic, economists, … (at least 2 letters before the *)"},
		}},
		{"Weighting", "A ^ and a number after a word makes it count more in the relevance order.", []ex{
			{`oil^3 gas`, "both words count, oil three times as much"},
		}},
		{"Dates", "Limit the published date with date: a year, a month, a range or a comparison.", []ex{
			{`date:2024`, "published in 2024"},
			{`date:2024-03`, "published in March 2024"},
			{`date:[2020-01-01 TO 2020-12-31]`, "published in 2020, as a range"},
			{`date:>=2020-01-01`, "published since 2020"},
			{`election date:<2000-01-01`, "election, before 2000"},
		}},
	}
	var out []views.HelpSection
	for _, s := range sections {
		hs := views.HelpSection{Title: s.title, Intro: s.intro}
		for _, e := range s.examples {
			hs.Examples = append(hs.Examples, views.HelpExample{
				Query:   e.q,
				Explain: e.explain,
				URL:     searchParams{Q: e.q}.url(),
			})
		}
		out = append(out, hs)
	}
	return out
}
