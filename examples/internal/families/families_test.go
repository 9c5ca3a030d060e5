// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package families

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/relulab/relulab/examples/internal/cli"
)

func smallConfig() Config {
	c := TourConfig()
	c.Families = []string{"S(d-1)xS1"}
	c.DMax = 40
	c.SpectraAt = []int{20}
	return c
}

func TestRunOutput(t *testing.T) {
	dir := t.TempDir()
	c := smallConfig()
	c.JSON = filepath.Join(dir, "f.jsonl")
	c.Plots = dir
	var out, errw bytes.Buffer
	if err := Run(context.Background(), c, &out, &errw); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"S(d-1)xS1", "saddle → minimum at d = 5.58550", "0.0232027149", "spectrum at d = 20"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	rows, err := cli.ReadJSONLines[map[string]any](c.JSON)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, m := range rows {
		// The contract, exactly.
		want := []string{"d", "family", "index", "lambda_min", "loss", "n_distinct", "seconds"}
		if keys := slices.Sorted(maps.Keys(m)); !slices.Equal(keys, want) {
			t.Errorf("row %d: fields %v, want %v", i, keys, want)
		}
		if m["d"].(float64) == 7 && m["family"] == "S(d-1)xS1" {
			if l := m["loss"].(float64); math.Abs(l-0.023202714914) > 1e-12 {
				t.Errorf("F at d = 7: %v", l)
			}
		}
		if m["family"] == "S(d-1)xS1" {
			n++
		}
	}
	// Every integer d from 3 to 40 of the first member of the family.
	if n != 38 {
		t.Errorf("%d rows, want 38", n)
	}
	for _, f := range []string{"loss.png", "lambda_min.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestDeterministic runs the study twice, at GOMAXPROCS 1 and 2: the report
// is the same bytes, and so are the JSON lines once the timing field
// "seconds" is removed.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs, jsons [2][]byte
	for i, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		c := smallConfig()
		c.DMax = 20
		c.JSON = filepath.Join(dir, fmt.Sprintf("f%d.jsonl", i))
		var out, errw bytes.Buffer
		err := Run(context.Background(), c, &out, &errw)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		js, err := os.ReadFile(c.JSON)
		if err != nil {
			t.Fatal(err)
		}
		// Strip "seconds", the one field that is a timing.
		var b bytes.Buffer
		for _, line := range bytes.Split(bytes.TrimSpace(js), []byte("\n")) {
			var r Row
			if err := json.Unmarshal(line, &r); err != nil {
				t.Fatal(err)
			}
			if !(r.Seconds >= 0) {
				t.Errorf("seconds = %v", r.Seconds)
			}
			r.Seconds = 0
			enc, _ := json.Marshal(r)
			b.Write(enc)
			b.WriteByte('\n')
		}
		outs[i], jsons[i] = out.Bytes(), b.Bytes()
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Errorf("reports differ:\n%s\n%s", outs[0], outs[1])
	}
	if len(jsons[0]) == 0 || !bytes.Equal(jsons[0], jsons[1]) {
		t.Errorf("JSON differs:\n%s\n%s", jsons[0], jsons[1])
	}
}

func TestParseFamily(t *testing.T) {
	for _, c := range []struct {
		in   string
		tail []int
		ok   bool
	}{
		{"S(d)", nil, true}, {"S(d-1)xS1", []int{1}, true}, {"S(d-3) x S2 x S1", []int{2, 1}, true},
		{"S(d-2)xS1", nil, false}, {"S(n)", nil, false}, {"S(d-1)xT1", nil, false}, {"S(d-0)", nil, false},
	} {
		f, err := ParseFamily(c.in)
		if (err == nil) != c.ok {
			t.Errorf("%q: err %v", c.in, err)
			continue
		}
		if c.ok && len(f.Tail) != len(c.tail) {
			t.Errorf("%q: tail %v, want %v", c.in, f.Tail, c.tail)
		}
	}
}
