package suggest

import (
	"fmt"
	"os"
	"testing"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

func TestZZAliases(t *testing.T) {
	p := os.Getenv("ZZRULES")
	if p == "" {
		t.Skip()
	}
	rs, err := rules.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	v := vocab.New()
	v.AddRules(rs)
	for _, tm := range v.Terms() {
		if len(tm.SoundsLike) > 0 {
			fmt.Printf("%s ~ %q\n", tm.Text, tm.SoundsLike)
		}
	}
}
