package extract

import (
	"slices"
	"testing"
)

// unlabelled are the slugs no training corpus labels. The model has no
// evidence for them, so they are never given.
var unlabelled = []string{"conflict", "disaster", "weather"}

func TestTopicsEvidence(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string // exactly these, or with avoid: the first is one of these
		avoid      []string // with want nil: none of these may be given
	}{
		{"politics and nothing unrelated", "Joe Biden met Benjamin Netanyahu in Jerusalem.", []string{"politics"}, nil},
		{"flight attendant story is not weather",
			"Passenger charged after punching flight attendant\n\nA passenger was charged with assault after punching a flight attendant on a Southwest Airlines flight to San Diego on Sunday, police said. The attendant was taken to hospital with facial injuries, and the airline said the passenger would be banned from its flights.",
			nil, []string{"weather"}},
		{"short flight attendant story is not weather",
			"A passenger was arrested after punching a flight attendant on a Southwest Airlines flight from Sacramento to San Diego, police said.",
			nil, []string{"weather"}},
		{"greeting has no evidence", "Hello there.", []string{}, nil},
		{"date has no evidence", "It happened on Tuesday.", []string{}, nil},
		{"one word of nothing", "Ok.", []string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Topics(tt.text)
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("Topics(%q) = %q, want %q", tt.text, got, tt.want)
			}
			for _, a := range tt.avoid {
				if slices.Contains(got, a) {
					t.Errorf("Topics(%q) = %q, want no %q", tt.text, got, a)
				}
			}
		})
	}
}

// TestTopicsReachable gives each slug the model knows a headline and
// standfirst of its own kind. Education is left out: with 12 labelled
// stories its probability seldom reaches the threshold. Labour is learned
// only from Reuters unemployment figures, so its text is one of those.
func TestTopicsReachable(t *testing.T) {
	e := newExtractor(t)
	tests := []struct{ want, text string }{
		{"arts", "The film won an Oscar and the singer released a new album."},
		{"crime", "Police arrested the suspect, charged with murder, and the trial starts soon."},
		{"economy", "Shares fell as investors worried about inflation and interest rates."},
		{"environment", "Carbon emissions and pollution threaten wildlife and biodiversity."},
		{"health", "How to manage stress and anxiety\n\nA therapist explains how breathing exercises and better sleep can improve your mental health."},
		{"human-interest", "Florida man arrested for throwing alligator through drive-thru window\n\nPolice said the man tossed the reptile into the restaurant."},
		{"labour", "The unemployment rate fell to 5.1 pct in March as employers added jobs."},
		{"lifestyle", "Her favourite recipe, a fashion tip and a travel destination for the holiday."},
		{"politics", "Voters head to the polls as the election campaign ends and parliament dissolves."},
		{"religion", "Pope Francis visits Canada\n\nThe pope apologised for the church's role in residential schools and led Mass before thousands of worshippers."},
		{"science", "Apple unveils new iPhone\n\nThe company showed a faster chip and a better camera at its annual launch event."},
		{"society", "Parents and children, immigrants and refugees face poverty and discrimination."},
		{"sport", "The striker scored twice as the team won the league match."},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := e.Topics(tt.text); !slices.Contains(got, tt.want) {
				t.Errorf("Topics(%q) = %q, want it to include %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTopicsNeverUnlabelled(t *testing.T) {
	e := newExtractor(t)
	tests := []struct{ name, text string }{
		{"war", "Troops and tanks advanced as the ceasefire collapsed and missiles hit."},
		{"earthquake", "The earthquake and tsunami left survivors waiting for rescue teams."},
		{"forecast", "Forecasters expect heavy rain, snow and freezing temperatures."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Topics(tt.text)
			for _, s := range unlabelled {
				if slices.Contains(got, s) {
					t.Errorf("Topics(%q) = %q, want no %q: no corpus labels it", tt.text, got, s)
				}
			}
		})
	}
}

func TestTopicScores(t *testing.T) {
	e := newExtractor(t)
	text := "Joe Biden met Benjamin Netanyahu in Jerusalem."
	got := e.TopicScores(text)
	if len(got) != len(e.topics.m.Classes) {
		t.Fatalf("TopicScores gave %d slugs, want %d", len(got), len(e.topics.m.Classes))
	}
	var given []string
	for i, s := range got {
		if s.Probability < 0 || s.Probability > 1 || i > 0 && s.Probability > got[i-1].Probability {
			t.Errorf("TopicScores[%d] = %+v, want a probability no larger than the one before", i, s)
		}
		if s.Given {
			given = append(given, s.Slug)
		}
	}
	if want := e.Topics(text); !slices.Equal(given, want) {
		t.Errorf("TopicScores given = %q, want Topics' %q", given, want)
	}
	if got := e.TopicScores(" ... "); got != nil {
		t.Errorf("TopicScores(no words) = %v, want nil", got)
	}
}
