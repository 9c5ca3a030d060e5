// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

func TestMix(t *testing.T) {
	// The first outputs of SplitMix64 seeded with 0, as published with
	// the generator (Vigna's splitmix64.c): state 0 steps to γ, 2γ, ….
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	for i, w := range want {
		if got := mix(uint64(i) * gamma); got != w {
			t.Errorf("splitmix64 output %d: got %#x, want %#x", i, got, w)
		}
	}
}

func TestSeed(t *testing.T) {
	// The definition in the documentation, written out.
	s := uint64(42)
	k := Key{6, 7, 3}
	want := mix(mix(mix(mix(mix(s)^3)^6)^7) ^ 3)
	if got := Seed(s, k); got != want {
		t.Errorf("Seed(42, %v) = %#x, want %#x", k, got, want)
	}
	// Seeds of a large grid, of keys of different lengths, of negative
	// fields and of neighbouring base seeds are distinct.
	seen := make(map[uint64]Key)
	add := func(s uint64, k Key) {
		v := Seed(s, k)
		if old, ok := seen[v]; ok {
			t.Fatalf("Seed collision: %v and %v (base %d)", old, k, s)
		}
		seen[v] = k
	}
	for a := -5; a < 40; a++ {
		for b := 0; b < 40; b++ {
			for c := 0; c < 40; c++ {
				add(1, Key{a, b, c})
			}
			add(1, Key{a, b})
		}
		add(1, Key{a})
	}
	add(1, Key{})
	add(2, Key{})
	add(2, Key{6, 7, 3})
}

func TestParseCheckpoint(t *testing.T) {
	const hdr = `{"format":"relulab/sweep v1","seed":1,"config":"c","keys":"h","jobs":3,"shard":"0/1"}`
	const r0 = `{"i":0,"key":[1,2],"seed":5,"value":{"x":1.5}}`
	const r2 = `{"i":2,"key":[3],"seed":6,"value":7}`
	wantH := &header{Format: format, Seed: 1, Config: "c", Keys: "h", Jobs: 3, Shard: "0/1"}
	rec0 := record{I: 0, Key: Key{1, 2}, Seed: 5, Value: json.RawMessage(`{"x":1.5}`)}
	rec2 := record{I: 2, Key: Key{3}, Seed: 6, Value: json.RawMessage(`7`)}
	for _, test := range []struct {
		name    string
		data    string
		h       *header
		recs    []record
		n       int // -1: len(data)
		corrupt bool
	}{
		{name: "empty", data: "", n: -1},
		{name: "header", data: hdr + "\n", h: wantH, n: -1},
		{name: "records", data: hdr + "\n" + r0 + "\n" + r2 + "\n", h: wantH, recs: []record{rec0, rec2}, n: -1},
		{name: "blank lines", data: "\n" + hdr + "\n\n" + r0 + "\n  \n", h: wantH, recs: []record{rec0}, n: -1},
		{name: "no final newline", data: hdr + "\n" + r0, h: wantH, recs: []record{rec0}, n: -1},
		{name: "torn record", data: hdr + "\n" + r0 + "\n" + r2[:10], h: wantH, recs: []record{rec0}, n: len(hdr) + len(r0) + 2},
		{name: "torn blank", data: hdr + "\n" + r0 + "\n   ", h: wantH, recs: []record{rec0}, n: len(hdr) + len(r0) + 2},
		{name: "torn header", data: hdr[:20], n: 0},
		{name: "torn zeros", data: hdr + "\n\x00\x00\x00", h: wantH, n: len(hdr) + 1},
		{name: "bad middle", data: hdr + "\n" + r2[:10] + "\n" + r0 + "\n", corrupt: true},
		{name: "no header", data: r0 + "\n", corrupt: true},
		{name: "wrong format", data: `{"format":"other","seed":1,"config":"c","keys":"h","jobs":3,"shard":"0/1"}` + "\n", corrupt: true},
		{name: "missing field", data: hdr + "\n" + `{"i":0,"key":[1],"value":1}` + "\n", corrupt: true},
		{name: "negative index", data: hdr + "\n" + `{"i":-1,"key":[1],"seed":2,"value":1}` + "\n", corrupt: true},
		{name: "trailing data", data: hdr + "\n" + r0 + r0 + "\n", corrupt: true},
	} {
		h, recs, n, err := parseCheckpoint([]byte(test.data))
		if test.corrupt {
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: got error %v, want ErrCorrupt", test.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: unexpected error %v", test.name, err)
			continue
		}
		wantN := test.n
		if wantN < 0 {
			wantN = len(test.data)
		}
		if !reflect.DeepEqual(h, test.h) || !reflect.DeepEqual(recs, test.recs) || n != wantN {
			t.Errorf("%s: got %+v %+v %d, want %+v %+v %d", test.name, h, recs, n, test.h, test.recs, wantN)
		}
	}
}

// FuzzParseCheckpoint checks that the checkpoint parser never panics, that
// its valid prefix parses to the same thing with nothing torn, and that
// what it parses survives re-encoding.
func FuzzParseCheckpoint(f *testing.F) {
	const hdr = `{"format":"relulab/sweep v1","seed":1,"config":"c","keys":"h","jobs":3,"shard":"0/1"}`
	const r0 = `{"i":0,"key":[1,2],"seed":5,"value":{"x":1.5}}`
	for _, s := range []string{
		"",
		hdr + "\n",
		hdr + "\n" + r0 + "\n",
		hdr + "\n" + r0,
		hdr + "\n" + r0[:12],
		hdr + "\n\n" + r0 + "\n" + `{"i":1,"key":[],"seed":0,"value":null}` + "\n",
		hdr + "\n" + `{"i":1e3,"key":[1],"seed":-1,"value":1}` + "\n",
		hdr[:30],
		"\x00\xff\n{",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, recs, n, err := parseCheckpoint(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if n < 0 || n > len(data) {
			t.Fatalf("valid prefix %d outside [0,%d]", n, len(data))
		}
		if h == nil && len(recs) > 0 {
			t.Fatalf("records without a header")
		}
		h2, recs2, n2, err := parseCheckpoint(data[:n])
		if err != nil || n2 != n || !reflect.DeepEqual(h, h2) || !reflect.DeepEqual(recs, recs2) {
			t.Fatalf("valid prefix parses differently: %v %+v %+v %d", err, h2, recs2, n2)
		}
		if h == nil {
			return
		}
		// Re-encode as the writer would and parse again.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		if err := enc.Encode(h); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				t.Fatalf("re-encoding %+v: %v", r, err)
			}
		}
		h3, recs3, n3, err := parseCheckpoint(buf.Bytes())
		if err != nil || n3 != buf.Len() || !reflect.DeepEqual(*h, *h3) || len(recs3) != len(recs) {
			t.Fatalf("re-encoded checkpoint parses differently: %v %+v %d", err, h3, n3)
		}
		for i := range recs {
			a, b := recs[i], recs3[i]
			var va, vb any
			if json.Unmarshal(a.Value, &va) != nil || json.Unmarshal(b.Value, &vb) != nil {
				t.Fatalf("record %d: value does not decode", i)
			}
			if a.I != b.I || a.Seed != b.Seed || !reflect.DeepEqual(a.Key, b.Key) && len(a.Key)+len(b.Key) > 0 || !reflect.DeepEqual(va, vb) {
				t.Fatalf("record %d: %+v re-parsed as %+v", i, a, b)
			}
		}
	})
}

// FuzzParseRecord checks that a record line either fails to parse or
// re-encodes to a line that parses to the same record.
func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{
		`{"i":0,"key":[1,2],"seed":5,"value":{"x":1.5}}`,
		`{"i":3,"key":[-1],"seed":18446744073709551615,"value":"s"}`,
		`{"i":3,"key":null,"seed":1,"value":1}`,
		`{"i":3,"key":[1.5],"seed":1,"value":1}`,
		`{"i":3,"key":[1],"seed":1,"value":1,"extra":true}`,
		`{"I":3,"KEY":[1],"Seed":1,"Value":[1,2]}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := parseRecord(line)
		if err != nil {
			return
		}
		if r.I < 0 || r.Value == nil {
			t.Fatalf("accepted record %+v", r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("re-encoding %+v: %v", r, err)
		}
		r2, err := parseRecord(b)
		if err != nil {
			t.Fatalf("re-encoded %s does not parse: %v", b, err)
		}
		if r.I != r2.I || r.Seed != r2.Seed || len(r.Key) != len(r2.Key) || (len(r.Key) > 0 && !reflect.DeepEqual(r.Key, r2.Key)) {
			t.Fatalf("%+v re-parsed as %+v", r, r2)
		}
	})
}
