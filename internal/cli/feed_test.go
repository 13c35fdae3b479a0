package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFeedCommand(t *testing.T) {
	dir := t.TempDir()
	pub := filepath.Join(dir, "pub")
	os.MkdirAll(pub, 0o755)
	os.WriteFile(filepath.Join(pub, "301-django.vtt"), []byte(episode), 0o644)
	feedPath := filepath.Join(dir, "feed.xml")
	in := "<?xml version=\"1.0\"?>\r\n<rss version=\"2.0\">\r\n<channel><language>en</language>\r\n" +
		"<item><title>#301: Django</title>\r\n</item>\r\n<item><title>#999</title></item>\r\n</channel></rss>\r\n"
	os.WriteFile(feedPath, []byte(in), 0o644)

	code, out, errOut := run(t, "", "feed", "check", feedPath, "--dir", pub)
	if code != ExitFailure || !strings.Contains(out, "feed.xml:4:1: item \"#301: Django\" has no transcript tag") {
		t.Fatalf("check before: exit %d, %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, "", "feed", "add", feedPath, "--base-url", "https://cdn.example.com/t", "--dir", pub)
	if code != ExitOK || !strings.Contains(out, `<podcast:transcript url="https://cdn.example.com/t/301-django.vtt" type="text/vtt" language="en" rel="captions"/>`) ||
		!strings.Contains(errOut, `feed.xml:6: not matched: "#999"`) || !strings.Contains(errOut, "1 of 2 items matched") {
		t.Fatalf("add: exit %d, %q %q", code, out, errOut)
	}
	if data, _ := os.ReadFile(feedPath); string(data) != in {
		t.Fatal("add without -o changed the feed")
	}
	if code, _, errOut = run(t, "", "feed", "add", feedPath, "--base-url", "https://cdn.example.com/t", "--dir", pub, "-o", feedPath); code != ExitOK {
		t.Fatalf("add -o: exit %d, %q", code, errOut)
	}
	written, _ := os.ReadFile(feedPath)
	if code, out, errOut = run(t, "", "feed", "check", feedPath, "--dir", pub); code != ExitOK || out != "" {
		t.Fatalf("check after: exit %d, %q %q", code, out, errOut)
	}
	if code, out, _ = run(t, "", "feed", "add", feedPath, "--base-url", "https://cdn.example.com/t", "--dir", pub); code != ExitOK || out != string(written) {
		t.Fatalf("second add changed the feed: exit %d\n%s", code, out)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"feed", "add", feedPath}, ExitUsage, "--base-url"},
		{[]string{"feed", "check", feedPath, "-o", "x"}, ExitUsage, "--dir only"},
		{[]string{"feed", "publish", feedPath}, ExitUsage, "want feed add"},
		{[]string{"feed", "add", feedPath, "--base-url", "https://x/", "--dir", t.TempDir()}, ExitFailure, "nothing written"},
		{[]string{"feed", "add", feedPath, "--base-url", "x", "--dir", pub}, ExitFailure, "absolute URL"},
	} {
		if code, _, errOut := run(t, "", c.args...); code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("emend %s: exit %d, %q", strings.Join(c.args, " "), code, errOut)
		}
	}
}

// TestFeedAndVocabListed: the commands registered by their files' init
// functions are in the usage and have their help.
func TestFeedAndVocabListed(t *testing.T) {
	_, out, _ := run(t, "", "help")
	for _, want := range []string{"  feed ", "  vocab "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the usage:\n%s", want, out)
		}
	}
	for _, c := range []struct{ cmd, want string }{{"feed", "podcast:transcript"}, {"vocab", "custom_spelling"}} {
		if code, out, _ := run(t, "", "help", c.cmd); code != ExitOK || !strings.Contains(out, c.want) {
			t.Errorf("help %s: exit %d\n%s", c.cmd, code, out)
		}
	}
}
