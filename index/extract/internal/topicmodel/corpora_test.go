package topicmodel

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadReuters(t *testing.T) {
	dir := t.TempDir()
	sgm := `<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="1">
<TOPICS><D>jobs</D></TOPICS>
<TEXT>&#2;
<TITLE>U.S. JOBLESS RATE FELL TO 6.6 PCT</TITLE>
<DATELINE>    WASHINGTON, March 6 - </DATELINE><BODY>The rate fell &lt;as expected>.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="2" NEWID="2">
<TOPICS><D>earn</D></TOPICS>
<TEXT>&#2;
<TITLE>HELD OUT</TITLE>
<BODY>Test split.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="3" NEWID="3">
<TOPICS></TOPICS>
<TEXT>&#2;
<TITLE>NO CODES</TITLE>
<BODY>Unlabelled.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="4" NEWID="4">
<TOPICS><D>money-supply</D></TOPICS>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET FUNDS ROSE
</TITLE>Blah blah blah.
&#3;
</TEXT>
</REUTERS>
`
	if err := os.WriteFile(filepath.Join(dir, "reut2-000.sgm"), []byte(sgm), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := ReadReuters(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.Name+" "+strings.Join(d.Gold, "+")+" "+strings.ReplaceAll(d.Text, "\n", "|"))
	}
	want := []string{
		"1 economy+labour U.S. JOBLESS RATE FELL TO 6.6 PCT||The rate fell <as expected>.",
		"4 economy ASSETS OF MONEY MARKET FUNDS ROSE",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReadReuters = %q, want %q", got, want)
	}
}
