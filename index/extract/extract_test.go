package extract

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/seeds"
)

func newExtractor(t testing.TB) *Extractor {
	t.Helper()
	e, err := New()
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	return e
}

func seedText(t testing.TB) string {
	t.Helper()
	b, err := seeds.FS.ReadFile("israel-iran-response-biden-administration.txt")
	if err != nil {
		t.Fatalf("reading seed article: %v", err)
	}
	return string(b)
}

func TestSeedActors(t *testing.T) {
	e := newExtractor(t)
	text := seedText(t)
	actors := e.Actors(text)
	byName := map[string]Actor{}
	for _, a := range actors {
		byName[a.Name] = a
	}
	tests := []struct {
		names []string // any one of them
		kind  string
	}{
		{[]string{"Joe Biden"}, "person"},
		{[]string{"Benjamin Netanyahu", "Netanyahu"}, "person"},
		{[]string{"Lloyd Austin"}, "person"},
		{[]string{"Yoav Gallant"}, "person"},
		{[]string{"Antony Blinken"}, "person"},
		{[]string{"Mike Turner"}, "person"},
		{[]string{"United States"}, "place"},
		{[]string{"Israel"}, "place"},
		{[]string{"Iran"}, "place"},
		{[]string{"Yemen"}, "place"},
		{[]string{"Hamas"}, "organization"},
		{[]string{"Hezbollah"}, "organization"},
		{[]string{"Houthis"}, "organization"},
		{[]string{"Reuters"}, "organization"},
		{[]string{"White House"}, "organization"},
	}
	for _, tt := range tests {
		t.Run(tt.names[0], func(t *testing.T) {
			for _, n := range tt.names {
				if a, ok := byName[n]; ok {
					if a.Kind != tt.kind {
						t.Errorf("actor %q kind = %q, want %q", n, a.Kind, tt.kind)
					}
					return
				}
			}
			t.Errorf("no actor named any of %q; got %v", tt.names, names(actors))
		})
	}
	t.Run("no junk", func(t *testing.T) {
		for _, a := range actors {
			switch {
			case a.Name == "Strategic Military Coordination",
				a.Name == "Alternative Response Measures",
				a.Name == "Ghost Fleet" && a.Kind == "person",
				strings.HasPrefix(a.Name, "Defense Secretary"),
				strings.HasPrefix(a.Name, "The "), a.Name == "The":
				t.Errorf("unwanted actor %q (%s)", a.Name, a.Kind)
			}
		}
	})
	t.Run("mentions are the names", func(t *testing.T) {
		for _, a := range actors {
			for _, m := range a.Mentions {
				got := text[m.Start:m.End]
				if strings.HasSuffix(got, "'s") || strings.HasPrefix(got, "President ") || strings.HasPrefix(got, "Defense ") {
					t.Errorf("actor %q mention %v = %q, want the bare name", a.Name, m, got)
				}
			}
		}
	})
	t.Run("Biden mentions", func(t *testing.T) {
		var got []string
		for _, m := range byName["Joe Biden"].Mentions {
			got = append(got, text[m.Start:m.End])
		}
		want := []string{"Joe Biden", "Biden", "Biden"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Joe Biden mentions = %q, want %q", got, want)
		}
	})
}

func names(actors []Actor) []string {
	var out []string
	for _, a := range actors {
		out = append(out, a.Name+"/"+a.Kind)
	}
	return out
}

func TestSeedTopics(t *testing.T) {
	e := newExtractor(t)
	got := e.Topics(seedText(t))
	// The seed is a war story told through its politics; conflict has no
	// labelled examples, so politics is the topic it can be given.
	if len(got) != 1 || got[0] != "politics" {
		t.Errorf("Topics(seed) = %q, want [\"politics\"]", got)
	}
}

func TestActors(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string // name/kind=surface,surface
	}{
		{"title stripped", "Talks resumed when Prime Minister Keir Starmer met Chancellor Olaf Scholz in Berlin.",
			[]string{"Keir Starmer/person=Keir Starmer", "Olaf Scholz/person=Olaf Scholz", "Berlin/place=Berlin"}},
		{"surname joins full name", "Angela Merkel spoke. Later Merkel's office said the U.S. agreed.",
			[]string{"Angela Merkel/person=Angela Merkel,Merkel", "United States/place=U.S."}},
		{"org suffix", "Shares of Acme Widgets Inc rose after the Bank of England cut rates.",
			[]string{"Acme Widgets Inc/organization=Acme Widgets Inc", "Bank of England/organization=Bank of England"}},
		{"all caps headline", "SOCCER - JAPAN BEAT SYRIA\nJapan won.",
			[]string{"Japan/place=JAPAN,Japan", "Syria/place=SYRIA"}},
		{"quoted phrase", `Officials targeted the "Shadow Network" of tankers.`, nil},
		{"heading line", "Regional Security Outlook\nThe talks went on.", nil},
		{"lowercase title cue", "The committee chair Jane Doe objected.",
			[]string{"Jane Doe/person=Jane Doe"}},
		{"calendar words in a table", "Futures closed firmer on the day.\nSep 1,750 1,780\nDec 1,850 1,880\nMar 1,900 1,910", nil},
		{"wire abbreviations", "Qtr to Dec 31\nShr 12 cts vs 10 cts\nNet 1.2 mln vs 1.1 mln\nRevs 20 mln vs 18 mln", nil},
		{"wire sign-off", "Oil rose in Tokyo on Monday.\nReuter", []string{"Tokyo/place=Tokyo"}},
		{"agency credit in a dateline", "LONDON (Reuters) - Shares fell in London.", []string{"London/place=LONDON,London"}},
		{"generic heads and bare legal forms", "The Bank said rates would hold, and Ltd was cut from the name.", nil},
		{"holiday", "Sales rose before Christmas in Chicago.", []string{"Chicago/place=Chicago"}},
		{"court case", "The Supreme Court overturned Roe v. Wade in Washington.",
			[]string{"Supreme Court/organization=Supreme Court", "Washington/place=Washington"}},
		{"currency of a wire table", "N.Z. Dlrs fell against the yen.", nil},
		{"headline words cut off a name", "Ray Charles Dies At 73", []string{"Ray Charles/person=Ray Charles"}},
		{"headline word alone", "How Japan Recovered", []string{"Japan/place=Japan"}},
		{"firm the tagger takes for a person", "Underwriters led by Smith Barney, Harris Upham and Co priced the issue.",
			[]string{"Smith Barney/organization=Smith Barney,Harris Upham and Co"}},
		{"torn name mended", "Standard and Poor's Corp said it lowered the rating.",
			[]string{"Standard and Poor's/organization=Standard and Poor's Corp"}},
		{"acronym defined", "International Business Machines Corp (IBM) rose. IBM said it would hire.",
			[]string{"International Business Machines Corp/organization=International Business Machines Corp,IBM,IBM"}},
		{"photo credit", "The queen visited London. (Photo Bruce Adams - WPA Pool/Getty Images)", []string{"London/place=London"}},
		{"picture credit line", "Sales fell in Paris.\nPhotograph: David Jones/PA\nImage copyright Getty Images", []string{"Paris/place=Paris"}},
		{"byline", "By Kieran Gill for MailOnline\nCrystal Palace want to sign Yohan Cabaye.",
			[]string{"Crystal Palace/organization=Crystal Palace", "Yohan Cabaye/person=Yohan Cabaye"}},
		{"reporting and editing credits", "Prices rose in Oslo.\n(Reporting by Andrew Osborn; Editing by Andrew Heavens)", []string{"Oslo/place=Oslo"}},
		{"copyright line", "Rain fell on Texas.\nCopyright 2009 The Associated Press. All rights reserved.",
			[]string{"Texas/place=Texas", "Associated Press/organization=The Associated Press"}},
		{"a sentence opening with By is no byline", "By contrast, Apple said sales rose.", []string{"Apple/organization=Apple"}},
		{"programmes and laws", "The Special Diabetes Program and the Affordable Care Act paid for it.", nil},
		{"a lone given name joins the one full name it starts", "Jansher Khan won in Cairo. Jansher was not pressed.",
			[]string{"Jansher Khan/person=Jansher Khan,Jansher", "Cairo/place=Cairo"}},
		{"a place in capitals is named as in running text", "SQUASH - JANSHER KHAN WINS\nISLAMABAD 1996-08-30\nJansher Khan won.",
			[]string{"Jansher Khan/person=JANSHER KHAN,Jansher Khan", "Islamabad/place=ISLAMABAD"}},
		{"a given name the tagger takes for a place", "It was a hard week for Rachel, who lost her job.", []string{"Rachel/person=Rachel"}},
		{"byline before a dateline in capitals", "Tajik troops took the town.\nYuri Kushko TAVILDARA , Tajikistan 1996-08-30",
			[]string{"Tajikistan/place=Tajik,Tajikistan", "Yuri Kushko/person=Yuri Kushko"}},
		{"based and month before a name", "Ontario-based Magna Inc rose after the August National Association of Purchasing Management index.",
			[]string{"Magna Inc/organization=Magna Inc", "National Association of Purchasing Management/organization=National Association of Purchasing Management"}},
		{"a place the tagger takes for a body keeps the lexicon's name", "Officials of the Russian Federation said on Monday they would talk.",
			[]string{"Russia/organization=Russian Federation"}},
		{"interjections", "Oh, yeah: I guess so. Um, it's high school.", nil},
		{"member nouns", "As an ex-Girl Scout, I know. She was once a Girl Scout, she said.", nil},
		{"share bar", "Post to reddit Post to Facebook Post to StumbleUpon", []string{"Meta/organization=Facebook", "StumbleUpon/organization=StumbleUpon"}},
		{"college team", "He was let down by the Ohio State recruiter.", []string{"Ohio State/organization=Ohio State"}},
		{"demonym torn from a name", "Vets praised the American Registry in Dallas.",
			[]string{"American Registry/organization=American Registry", "Dallas/place=Dallas"}},
		{"title words torn from a song", "Her new song Ready For It? debuted in Dallas.", []string{"Dallas/place=Dallas"}},
		{"acronym of a name with little words", "The Organization of Petroleum Exporting Countries (OPEC) met.",
			[]string{"Organization of Petroleum Exporting Countries/organization=Organization of Petroleum Exporting Countries,OPEC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range e.Actors(tt.text) {
				var ss []string
				for _, m := range a.Mentions {
					ss = append(ss, tt.text[m.Start:m.End])
				}
				got = append(got, a.Name+"/"+a.Kind+"="+strings.Join(ss, ","))
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("Actors(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestServeJSONL(t *testing.T) {
	e := newExtractor(t)
	in := `{"id":"1","text":"Joe Biden visited Israel."}` + "\n\nnot json\n" + `{"id":2}` + "\n" + `{"id":"3","text":"Nothing here."}`
	var out strings.Builder
	if err := e.ServeJSONL(strings.NewReader(in), &out); err != nil {
		t.Fatalf("ServeJSONL error = %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	tests := []struct {
		id, err string
		actors  int
	}{
		{`"1"`, "", 2},
		{"", "invalid JSON", 0},
		{"2", "missing", 0},
		{`"3"`, "", 0},
	}
	if len(lines) != len(tests) {
		t.Fatalf("got %d output lines, want %d:\n%s", len(lines), len(tests), out.String())
	}
	for i, tt := range tests {
		t.Run(lines[i], func(t *testing.T) {
			var got struct {
				ID     json.RawMessage `json:"id"`
				Actors []Actor         `json:"actors"`
				Topics []string        `json:"topics"`
				Error  string          `json:"error"`
			}
			if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
				t.Fatalf("output line %d is not JSON: %v", i, err)
			}
			if string(got.ID) != tt.id {
				t.Errorf("id = %s, want %s", got.ID, tt.id)
			}
			if !strings.Contains(got.Error, tt.err) || (tt.err == "") != (got.Error == "") {
				t.Errorf("error = %q, want it to contain %q", got.Error, tt.err)
			}
			if len(got.Actors) != tt.actors {
				t.Errorf("got %d actors, want %d", len(got.Actors), tt.actors)
			}
		})
	}
}

func TestMentionJSON(t *testing.T) {
	b, err := json.Marshal(Actor{Name: "X", Kind: "place", Mentions: []Mention{{3, 7}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"name":"X","kind":"place","mentions":[[3,7]]}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var a Actor
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("Unmarshal error = %v", err)
	}
	if got := a.Mentions; len(got) != 1 || got[0] != (Mention{3, 7}) {
		t.Errorf("round trip mentions = %v, want [{3 7}]", got)
	}
}

func TestConcurrent(t *testing.T) {
	e := newExtractor(t)
	text := seedText(t)
	want := len(e.Actors(text))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := len(e.Actors(text)); got != want {
				t.Errorf("concurrent Actors gave %d actors, want %d", got, want)
			}
		})
	}
	wg.Wait()
}

func TestIsAcronymOf(t *testing.T) {
	tests := []struct {
		short, name string
		want        bool
	}{
		{"EC", "European Community", true},
		{"IBM", "International Business Machines Corp", true},
		{"CCC", "Commodity Credit Corporation", true},
		{"USDA", "U.S. Department of Agriculture", true},
		{"OPEC", "Organization of Petroleum Exporting Countries", true},
		{"S&P", "Standard and Poor's", true},
		{"EC", "European Commission", true},
		{"IMF", "World Bank", false},
		{"Ec", "European Community", false},
		{"E", "Exxon", false},
	}
	for _, tt := range tests {
		if got := isAcronymOf(tt.short, tt.name); got != tt.want {
			t.Errorf("isAcronymOf(%q, %q) = %v, want %v", tt.short, tt.name, got, tt.want)
		}
	}
}

func TestTitleWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"BONN", "Bonn"}, {"LOS ANGELES", "Los Angeles"}, {"O'NEILL", "O'Neill"}, {"SAINT-ETIENNE", "Saint-Etienne"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := titleWords(tt.in); got != tt.want {
				t.Errorf("titleWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
