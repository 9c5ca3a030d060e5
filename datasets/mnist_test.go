// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// encodeIDX writes an unsigned-byte IDX array.
func encodeIDX(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

func gz(p []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(p)
	w.Close()
	return b.Bytes()
}

// flip returns a copy of p with the bits of byte i inverted (i < 0 counts
// from the end).
func flip(p []byte, i int) []byte {
	q := append([]byte(nil), p...)
	if i < 0 {
		i += len(q)
	}
	q[i] ^= 0xff
	return q
}

func TestReadIDX(t *testing.T) {
	good := encodeIDX([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	for _, in := range [][]byte{good, gz(good)} {
		a, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Dims) != 2 || a.Dims[0] != 2 || a.Dims[1] != 3 || !bytes.Equal(a.Data, []byte{1, 2, 3, 4, 5, 6}) {
			t.Errorf("ReadIDX = %+v", a)
		}
	}
	for _, tc := range []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "truncated"},
		{"short magic", []byte{0, 0}, "truncated"},
		{"bad magic", []byte{1, 0, 8, 1, 0, 0, 0, 1, 7}, "does not start with 00 00"},
		{"float type", []byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 7}, "not 0x08"},
		{"no dims", []byte{0, 0, 8, 0}, "zero dimensions"},
		{"short dims", []byte{0, 0, 8, 2, 0, 0, 0, 1}, "size of dimension 1"},
		{"zero size", []byte{0, 0, 8, 1, 0, 0, 0, 0}, "has size 0"},
		{"huge", encodeIDX([]int{1 << 16, 1 << 16}, nil), "exceed"},
		{"truncated data", encodeIDX([]int{2, 3}, []byte{1, 2}), "promises 6 data bytes, found 2"},
		{"trailing", append(good, 9), "trailing"},
		{"bad gzip", []byte{0x1f, 0x8b, 0}, "gzip"},
		{"truncated gzip", gz(good)[:20], "IDX"},
		// The gzip trailer holds the CRC-32 and the length of the data;
		// each must be checked, and nothing may follow the last member.
		{"gzip bad CRC", flip(gz(good), -8), "checksum"},
		{"gzip bad length", flip(gz(good), -1), "checksum"},
		{"gzip no trailer", gz(good)[:len(gz(good))-8], "trailer missing"},
		{"gzip short trailing garbage", append(gz(good), 1, 2, 3), "bytes after"},
		{"gzip trailing garbage", append(gz(good), make([]byte, 20)...), "header"},
		{"gzip corrupt deflate", flip(gz(good), 12), "IDX"},
	} {
		_, err := ReadIDX(bytes.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.msg)
		}
		if tc.name != "truncated gzip" && !errors.Is(err, ErrIDX) {
			t.Errorf("%s: err = %v does not wrap ErrIDX", tc.name, err)
		}
	}
}

func FuzzReadIDX(f *testing.F) {
	f.Add(encodeIDX([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(gz(encodeIDX([]int{4}, []byte{0, 1, 2, 3})))
	f.Add(encodeIDX([]int{1, 1, 1}, []byte{0}))
	f.Add([]byte{0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Dims {
			if d <= 0 {
				t.Fatalf("non-positive dimension in %v", a.Dims)
			}
			n *= d
		}
		if n != len(a.Data) {
			t.Fatalf("dims %v but %d data bytes", a.Dims, len(a.Data))
		}
		// Re-encoding must read back identically.
		b, err := ReadIDX(bytes.NewReader(encodeIDX(a.Dims, a.Data)))
		if err != nil || !bytes.Equal(a.Data, b.Data) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

func TestLoadMNIST(t *testing.T) {
	dir := t.TempDir()
	// Three 28×28 images with labels 0, 1, 0; the labels file gzipped.
	img := make([]byte, 3*784)
	for i := range img {
		img[i] = byte(i % 256)
	}
	if err := os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), encodeIDX([]int{3, 28, 28}, img), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), gz(encodeIDX([]int{3}, []byte{0, 1, 0})), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMNIST(dir, "t10k")
	if err != nil {
		t.Fatal(err)
	}
	if r, c := m.Images.Dims(); r != 3 || c != 784 || m.Images.At(0, 255) != 1 || m.Images.At(1, 0) != float64(784%256)/255 {
		t.Errorf("images wrong: %d×%d", r, c)
	}
	X, y, err := m.TwoClass(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := X.Dims(); r != 3 || y[0] != 1 || y[1] != -1 || y[2] != 1 {
		t.Errorf("TwoClass labels %v", y)
	}
	if _, _, err := m.TwoClass(0, 7); err == nil {
		t.Error("TwoClass with a missing digit: no error")
	}
	if _, err := LoadMNIST(dir, "train"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing split: err = %v", err)
	}
	// Labels out of range and mismatched counts.
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), encodeIDX([]int{3}, []byte{0, 11, 0}), 0o644)
	if _, err := LoadMNIST(dir, "t10k"); err == nil || !strings.Contains(err.Error(), "not a digit") {
		t.Errorf("bad label: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), encodeIDX([]int{2}, []byte{0, 1}), 0o644)
	if _, err := LoadMNIST(dir, "t10k"); err == nil || !strings.Contains(err.Error(), "want [3]") {
		t.Errorf("label count mismatch: err = %v", err)
	}
}

func TestPCA(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	s := RandomSubspace(12, 8, rnd) // dim P = 4
	X := s.Gaussian(50, 1, rnd)
	got, Xp, kept, err := PCA(X, 4)
	if err != nil {
		t.Fatal(err)
	}
	// X lies exactly on a 4-dimensional subspace, so its rank-4 PCA keeps it
	// up to rounding in the 12×12 eigendecomposition (~1e-14).
	if !mat.EqualApprox(Xp, X, 1e-12) || math.Abs(kept-1) > 1e-12 {
		t.Errorf("rank-4 data not reproduced: kept = %v", kept)
	}
	// The principal subspace equals P: P⊥ of the found basis vanishes.
	var c mat.Dense
	c.Mul(s.Complement.T(), got.Basis)
	if mat.Norm(&c, 2) > 1e-10 {
		t.Errorf("PCA basis leaves P by %g", mat.Norm(&c, 2))
	}
	// A smaller rank keeps less, and the projection lies on its subspace.
	got2, Xp2, kept2, _ := PCA(X, 2)
	if !(kept2 < 1) || mat.Norm(got2.ProjectPerp(nil, Xp2), 2) > 1e-12 {
		t.Errorf("rank-2 PCA: kept %v", kept2)
	}
	X.Set(3, 3, math.Inf(1))
	if _, _, _, err := PCA(X, 2); err == nil {
		t.Error("PCA of Inf data: no error")
	} else if !errors.Is(err, ErrNotFinite) {
		t.Errorf("PCA of Inf data: err = %v, want ErrNotFinite", err)
	}
}
