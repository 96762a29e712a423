package ingest

import (
	"slices"
	"strings"
)

// places holds the Reuters PLACES codes whose names title case gets wrong.
var places = map[string]string{
	"usa":                 "United States",
	"uk":                  "United Kingdom",
	"ussr":                "Soviet Union",
	"uae":                 "United Arab Emirates",
	"us-virgin-islands":   "US Virgin Islands",
	"trinidad-tobago":     "Trinidad and Tobago",
	"guinea-bissau":       "Guinea-Bissau",
	"yemen-demo-republic": "South Yemen",
	"yemen-arab-republic": "North Yemen",
	"vatican":             "Vatican City",
}

// orgs holds the Reuters ORGS codes, which are acronyms or run-together
// names, with the names readers know.
var orgs = map[string]string{
	"adb-africa": "African Development Bank",
	"adb-asia":   "Asian Development Bank",
	"comecon":    "Comecon",
	"ec":         "European Community",
	"euratom":    "Euratom",
	"geplacea":   "GEPLACEA",
	"ico-coffee": "International Coffee Organization",
	"ico-islam":  "Organisation of the Islamic Conference",
	"iwc-whale":  "International Whaling Commission",
	"iwc-wheat":  "International Wheat Council",
	"un":         "United Nations",
	"unctad":     "UNCTAD",
	"worldbank":  "World Bank",
}

// labourTopics are the Reuters TOPICS that are also about work.
var labourTopics = map[string]bool{"jobs": true}

// reutersTopics maps Reuters TOPICS codes to IPTC topic slugs. All 135
// codes are commodities, currencies, company results and deals, or
// economic indicators, so all are "economy"; unemployment figures ("jobs")
// are labour news as well.
func reutersTopics(codes []string) []string {
	if len(codes) == 0 {
		return nil
	}
	out := []string{"economy"}
	for _, c := range codes {
		if labourTopics[c] && !slices.Contains(out, "labour") {
			out = append(out, "labour")
		}
	}
	return out
}

func placeName(code string) string {
	if n, ok := places[code]; ok {
		return n
	}
	return titleCase(code)
}

func orgName(code string) string {
	if n, ok := orgs[code]; ok {
		return n
	}
	if len(code) <= 5 && !strings.Contains(code, "-") {
		return strings.ToUpper(code)
	}
	return titleCase(code)
}

// titleCase turns a code like "el-salvador" into "El Salvador".
func titleCase(code string) string {
	words := strings.FieldsFunc(code, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
