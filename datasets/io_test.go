// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/datasets"
)

func TestCSVRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	X := datasets.Sphere(7, 4, rnd)
	X.Set(0, 0, 1e-300)
	X.Set(1, 1, -123456789.125)
	var buf bytes.Buffer
	if err := datasets.WriteCSV(&buf, X); err != nil {
		t.Fatal(err)
	}
	Y, err := datasets.ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(X, Y) {
		t.Error("CSV round trip changed the matrix")
	}
	name := filepath.Join(t.TempDir(), "x.csv")
	if err := datasets.WriteCSVFile(name, X); err != nil {
		t.Fatal(err)
	}
	if Y, err := datasets.ReadCSVFile(name); err != nil || !mat.Equal(X, Y) {
		t.Errorf("CSV file round trip: %v", err)
	}
}

func TestReadCSV(t *testing.T) {
	good := []struct {
		in   string
		want []float64
		r, c int
	}{
		{"x,y\n1,2\n3,4\n", []float64{1, 2, 3, 4}, 2, 2},
		{"# comment\n\n 1, 2.5e1\n\"3\",-4\n", []float64{1, 25, 3, -4}, 2, 2},
		{"1\r\n2\r\n", []float64{1, 2}, 2, 1},
	}
	for _, c := range good {
		X, err := datasets.ReadCSV(strings.NewReader(c.in))
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if !mat.Equal(X, mat.NewDense(c.r, c.c, c.want)) {
			t.Errorf("%q: got %v", c.in, mat.Formatted(X))
		}
	}
	bad := []struct{ in, msg string }{
		{"", "no data rows"},
		{"a,b\n", "no data rows"},
		{"1,2\n3\n", "line 2 has 1 fields"},
		{"1,2\n3,x\n", "line 2, column 2: \"x\" is not a number"},
		{"1,NaN\n", "not finite"},
		{"1,Inf\n", "not finite"},
		{"1,\"2\n", "line 1"},
	}
	for _, c := range bad {
		_, err := datasets.ReadCSV(strings.NewReader(c.in))
		if !errors.Is(err, datasets.ErrCSV) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: got %v, want ErrCSV mentioning %q", c.in, err, c.msg)
		}
	}
	if err := datasets.WriteCSV(&bytes.Buffer{}, mat.NewDense(1, 2, []float64{0, math.NaN()})); !errors.Is(err, datasets.ErrNotFinite) {
		t.Errorf("WriteCSV with NaN: %v, want ErrNotFinite", err)
	}
}

func TestNPYRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2, 2))
	X := datasets.Sphere(5, 3, rnd)
	var buf bytes.Buffer
	if err := datasets.WriteNPY(&buf, X); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// NumPy pads the header so the data start at a multiple of 64 bytes.
	hlen := int(binary.LittleEndian.Uint16(b[8:10]))
	if (10+hlen)%64 != 0 || b[10+hlen-1] != '\n' || len(b) != 10+hlen+5*3*8 {
		t.Errorf("header length %d, file length %d", hlen, len(b))
	}
	if !strings.HasPrefix(string(b[10:]), "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), }") {
		t.Errorf("header %q", b[10:10+hlen])
	}
	Y, err := datasets.ReadNPY(bytes.NewReader(b))
	if err != nil || !mat.Equal(X, Y) {
		t.Errorf("round trip: %v", err)
	}
	buf.Reset()
	v := []float64{1.5, -2, 3}
	datasets.WriteNPYVector(&buf, v)
	if !strings.Contains(buf.String(), "'shape': (3,)") {
		t.Errorf("vector header %q", buf.String()[10:70])
	}
	got, err := datasets.ReadNPYVector(&buf)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(v) {
		t.Errorf("vector round trip: %v %v", got, err)
	}
	name := filepath.Join(t.TempDir(), "x.npy")
	if err := datasets.WriteNPYFile(name, X); err != nil {
		t.Fatal(err)
	}
	if Y, err := datasets.ReadNPYFile(name); err != nil || !mat.Equal(X, Y) {
		t.Errorf("file round trip: %v", err)
	}
	if _, err := datasets.ReadNPYFile(filepath.Join(t.TempDir(), "none.npy")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// npyFile assembles a version-1.0 .npy file from a header dict and data.
func npyFile(dict string, data []byte) []byte {
	h := dict + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	return append(append(b, h...), data...)
}

// TestReadNPYFormats reads hand-assembled files of the layouts NumPy writes:
// Fortran order, big-endian and small integer types, booleans, scalars and
// version 2.0 headers.
func TestReadNPYFormats(t *testing.T) {
	be := func(vs ...int16) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.BigEndian.AppendUint16(b, uint16(v))
		}
		return b
	}
	f4 := func(vs ...float32) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
		return b
	}
	v2 := func(dict string, data []byte) []byte {
		h := dict + "\n"
		b := append([]byte("\x93NUMPY\x02\x00"), byte(len(h)), byte(len(h)>>8), 0, 0)
		return append(append(b, h...), data...)
	}
	cases := []struct {
		file []byte
		want *mat.Dense
	}{
		// Fortran order: column-major data 1..6 of a 2×3 array.
		{npyFile("{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }", be(1, 2, 3, 4, 5, -6)),
			mat.NewDense(2, 3, []float64{1, 3, 5, 2, 4, -6})},
		{npyFile(`{"descr": "<f4", "fortran_order": False, "shape": (3,)}`, f4(0.5, -1, 2)),
			mat.NewDense(3, 1, []float64{0.5, -1, 2})},
		{npyFile("{'descr': '|b1', 'fortran_order': False, 'shape': (1, 2), }", []byte{1, 0}),
			mat.NewDense(1, 2, []float64{1, 0})},
		{npyFile("{'descr': '|u1', 'fortran_order': False, 'shape': (), }", []byte{200}),
			mat.NewDense(1, 1, []float64{200})},
		{npyFile("{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }", []byte{0xff, 7}),
			mat.NewDense(2, 1, []float64{-1, 7})},
		{v2("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f4(3)),
			mat.NewDense(1, 1, []float64{3})},
	}
	for i, c := range cases {
		X, err := datasets.ReadNPY(bytes.NewReader(c.file))
		if err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		if !mat.Equal(X, c.want) {
			t.Errorf("case %d: got %v, want %v", i, mat.Formatted(X), mat.Formatted(c.want))
		}
	}
}

func TestReadNPYErrors(t *testing.T) {
	f8 := make([]byte, 16)
	nan := binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.NaN()))
	hdr := func(s string) []byte { return npyFile(s, f8) }
	cases := []struct {
		file []byte
		msg  string
	}{
		{nil, "truncated: cannot read the magic"},
		{[]byte("PK\x03\x04zipfile"), "magic string"},
		{[]byte("\x93NUMPY\x04\x00\x00\x00"), "unsupported format version 4.0"},
		{[]byte("\x93NUMPY\x01\x00\x50\x00{'descr'"), "truncated: cannot read the header"},
		{hdr("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }"), "unsupported element type"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 2), }"), "3-dimensional"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }"), "empty array"},
		{hdr("{'descr': '<f8', 'fortran_order': False}"), "missing key \"shape\""},
		{hdr("{'descr': '<f8', 'fortran_order': maybe, 'shape': (2,)}"), "fortran_order"},
		{hdr("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,)}"), "structured"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}"), "unknown key"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}"), "shape"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}"), "truncated: shape [3] of <f8 needs 24 data bytes, found 16"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}"), "trailing bytes"},
		{hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (999999999, 999999999)}"), "exceeds"},
		{npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", nan), "element [0,0] is NaN"},
	}
	for i, c := range cases {
		_, err := datasets.ReadNPY(bytes.NewReader(c.file))
		if !errors.Is(err, datasets.ErrNPY) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("case %d: got %v, want ErrNPY mentioning %q", i, err, c.msg)
		}
	}
	var buf bytes.Buffer
	if err := datasets.WriteNPY(&buf, mat.NewDense(1, 2, []float64{0, math.Inf(-1)})); !errors.Is(err, datasets.ErrNotFinite) {
		t.Errorf("WriteNPY with −Inf: %v, want ErrNotFinite", err)
	}
	if err := datasets.WriteNPYVector(&buf, []float64{math.NaN()}); !errors.Is(err, datasets.ErrNotFinite) {
		t.Errorf("WriteNPYVector with NaN: %v, want ErrNotFinite", err)
	}
	buf.Reset()
	datasets.WriteNPY(&buf, mat.NewDense(2, 2, nil))
	if _, err := datasets.ReadNPYVector(&buf); !errors.Is(err, datasets.ErrNPY) {
		t.Errorf("2×2 as a vector: %v", err)
	}
}

// TestReadNumPyFiles reads files written by NumPy itself (testdata/numpy,
// see its README) and checks that WriteNPY writes the same bytes as
// numpy.save for a float64 array.
func TestReadNumPyFiles(t *testing.T) {
	for _, c := range []struct {
		file string
		want *mat.Dense
	}{
		{"f8.npy", mat.NewDense(2, 3, []float64{1.5, -2, 3.25, 4, 5e-300, math.Copysign(0, -1)})},
		{"f4_fortran.npy", mat.NewDense(2, 3, []float64{0, 0.25, 0.5, 0.75, 1, 1.25})},
		{"be_i2.npy", mat.NewDense(2, 2, []float64{-3, 7, 300, -32768})},
		{"u8_vec.npy", mat.NewDense(3, 1, []float64{1, 2, 1 << 53})},
		{"bool.npy", mat.NewDense(3, 1, []float64{1, 0, 1})},
		{"scalar.npy", mat.NewDense(1, 1, []float64{2.5})},
		{"v2.npy", mat.NewDense(2, 2, []float64{1, 1, 1, 1})},
		{"i1.npy", mat.NewDense(2, 1, []float64{-128, 127})},
	} {
		name := filepath.Join("testdata", "numpy", c.file)
		X, err := datasets.ReadNPYFile(name)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if !mat.Equal(X, c.want) {
			t.Errorf("%s: got %v, want %v", c.file, mat.Formatted(X), mat.Formatted(c.want))
		}
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "numpy", "f8.npy"))
	if err != nil {
		t.Fatal(err)
	}
	X, _ := datasets.ReadNPY(bytes.NewReader(raw))
	var buf bytes.Buffer
	if err := datasets.WriteNPY(&buf, X); err != nil || !bytes.Equal(buf.Bytes(), raw) {
		t.Errorf("WriteNPY differs from numpy.save:\n%q\n%q", buf.Bytes(), raw)
	}
}

// FuzzReadNPY: ReadNPY never panics, and what it accepts survives a
// WriteNPY/ReadNPY round trip unchanged.
func FuzzReadNPY(f *testing.F) {
	var buf bytes.Buffer
	datasets.WriteNPY(&buf, mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	f.Add(buf.Bytes())
	buf.Reset()
	datasets.WriteNPYVector(&buf, []float64{-1, 0.5})
	f.Add(buf.Bytes())
	f.Add(npyFile("{'descr': '>i2', 'fortran_order': True, 'shape': (2, 1), }", []byte{0, 1, 0, 2}))
	f.Add(npyFile("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", []byte{1}))
	f.Add([]byte("\x93NUMPY\x03\x00\x10\x00\x00\x00{'shape': ()}   \n"))
	golden, _ := hex.DecodeString("934e554d505901007600")
	f.Add(golden)
	numpyFiles, _ := filepath.Glob(filepath.Join("testdata", "numpy", "*.npy"))
	for _, name := range numpyFiles {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		X, err := datasets.ReadNPY(bytes.NewReader(b))
		if err != nil {
			if X != nil {
				t.Fatal("non-nil matrix with an error")
			}
			return
		}
		var out bytes.Buffer
		if err := datasets.WriteNPY(&out, X); err != nil {
			t.Fatal(err)
		}
		Y, err := datasets.ReadNPY(&out)
		if err != nil || !mat.Equal(X, Y) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzReadCSV: ReadCSV never panics, and what it accepts survives a
// WriteCSV/ReadCSV round trip bit for bit.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"1,2\n3,4\n", "x,y\n1e-300,-0\n", "# c\n 1 , \"2\"\n", "1,2\n3\n", "a\n", "0x1p-3,1_0\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		X, err := datasets.ReadCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := datasets.WriteCSV(&out, X); err != nil {
			t.Fatal(err)
		}
		Y, err := datasets.ReadCSV(&out)
		if err != nil || !mat.Equal(X, Y) {
			t.Fatalf("round trip of %q: %v", s, err)
		}
	})
}

func ExampleWriteNPY() {
	X := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	var buf bytes.Buffer
	if err := datasets.WriteNPY(&buf, X); err != nil {
		fmt.Println(err)
		return
	}
	// In Python: numpy.load(file) gives array([[1., 2., 3.], [4., 5., 6.]]).
	Y, err := datasets.ReadNPY(&buf)
	fmt.Println(mat.Formatted(Y), err)
	// Output:
	// ⎡1  2  3⎤
	// ⎣4  5  6⎦ <nil>
}

func ExampleReadCSV() {
	in := "x1,x2\n1,2.5\n-3,4e-1\n"
	X, err := datasets.ReadCSV(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mat.Formatted(X))
	_, err = datasets.ReadCSV(strings.NewReader("1,2\n3\n"))
	fmt.Println(err)
	// Output:
	// ⎡  1  2.5⎤
	// ⎣ -3  0.4⎦
	// datasets: malformed CSV data: line 2 has 1 fields, earlier rows have 2
}

func ExampleWriteCSV() {
	X := mat.NewDense(2, 2, []float64{0.1, -2, 1e-300, 3})
	var buf bytes.Buffer
	if err := datasets.WriteCSV(&buf, X); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(buf.String()) // shortest round-trip form of every float64
	Y, _ := datasets.ReadCSV(&buf)
	fmt.Println(mat.Equal(X, Y))
	// Output:
	// 0.1,-2
	// 1e-300,3
	// true
}

func ExampleWriteNPYVector() {
	y := []float64{1, -1, 1}
	var buf bytes.Buffer
	if err := datasets.WriteNPYVector(&buf, y); err != nil {
		fmt.Println(err)
		return
	}
	// In Python: numpy.load(file) gives array([ 1., -1.,  1.]), of shape (3,).
	got, err := datasets.ReadNPYVector(&buf)
	fmt.Println(got, err)
	// Output:
	// [1 -1 1] <nil>
}
