// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ErrNPY is wrapped by every error that ReadNPY returns for malformed .npy
// data.
var ErrNPY = errors.New("datasets: malformed .npy data")

// npyMagic starts every .npy file (NumPy's format, version 1.0–3.0).
const npyMagic = "\x93NUMPY"

// maxNPYElems bounds the number of elements ReadNPY accepts (2³¹, 16 GiB
// of float64; on 32-bit platforms 2²⁸ − 1, so that the byte count of 8-byte
// elements fits in an int), so a corrupt header cannot ask for absurd
// allocations.
const maxNPYElems = min(1<<31, math.MaxInt/8)

// WriteNPY writes the r×c matrix X in NumPy's .npy format (version 1.0,
// little-endian float64 '<f8', C order, shape (r, c)), which
// numpy.load reads back as a 2-D float64 array. It returns an error wrapping
// ErrNotFinite naming the entry if X holds NaN or ±Inf, which ReadNPY would
// refuse, and the writer's errors.
func WriteNPY(w io.Writer, X mat.Matrix) error {
	if err := checkFinite(X); err != nil {
		return err
	}
	r, c := X.Dims()
	return writeNPY(w, fmt.Sprintf("(%d, %d)", r, c), r*c, func(k int) float64 { return X.At(k/c, k%c) })
}

// WriteNPYVector writes v as a 1-D .npy array of shape (len(v),) in the
// format of WriteNPY: what NumPy users expect for labels. It returns an
// error wrapping ErrNotFinite naming the entry if v holds NaN or ±Inf.
func WriteNPYVector(w io.Writer, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("datasets: entry [%d] is %v: %w", i, x, ErrNotFinite)
		}
	}
	return writeNPY(w, fmt.Sprintf("(%d,)", len(v)), len(v), func(k int) float64 { return v[k] })
}

func writeNPY(w io.Writer, shape string, n int, at func(k int) float64) error {
	dict := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': %s, }", shape)
	// Magic (6) + version (2) + header length (2) + dict + padding + '\n'
	// is a multiple of 64 bytes, as NumPy writes it.
	hlen := len(dict) + 1
	total := 10 + hlen
	pad := (64 - total%64) % 64
	hlen += pad
	if hlen > math.MaxUint16 {
		return errors.New("datasets: .npy header too long")
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(npyMagic)
	bw.Write([]byte{1, 0, byte(hlen), byte(hlen >> 8)})
	bw.WriteString(dict)
	bw.WriteString(strings.Repeat(" ", pad))
	bw.WriteByte('\n')
	var b [8]byte
	for k := 0; k < n; k++ {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(at(k)))
		if _, err := bw.Write(b[:]); err != nil {
			return fmt.Errorf("datasets: writing .npy: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("datasets: writing .npy: %w", err)
	}
	return nil
}

// npyHeader is the parsed header dictionary of a .npy file.
type npyHeader struct {
	descr   string
	fortran bool
	shape   []int
}

// ReadNPY reads a NumPy .npy array (format versions 1.0, 2.0 and 3.0) of
// dimension 0, 1 or 2 into a matrix: shape (r, c) gives an r×c matrix, a
// 1-D array of length n an n×1 column and a scalar a 1×1 matrix. C and
// Fortran order are both read. The element type may be a float (f4, f8), a
// signed or unsigned integer (i1–i8, u1–u8) or a boolean (b1), of either
// byte order; every value is converted to float64.
//
// ReadNPY returns an error wrapping ErrNPY, saying what is wrong, if the
// magic string, version, header, element type or shape is malformed or
// unsupported (3-D arrays, complex or object dtypes), the data are
// truncated or followed by extra bytes, an array is empty, or a value is
// NaN or ±Inf; and the reader's errors.
func ReadNPY(r io.Reader) (*mat.Dense, error) {
	br := bufio.NewReader(r)
	var pre [8]byte
	if _, err := io.ReadFull(br, pre[:]); err != nil {
		return nil, npyReadErr(err, "magic string and version")
	}
	if string(pre[:6]) != npyMagic {
		return nil, fmt.Errorf("%w: magic string %q is not %q", ErrNPY, pre[:6], npyMagic)
	}
	var hlen int
	switch major := pre[6]; major {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, npyReadErr(err, "header length")
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, npyReadErr(err, "header length")
		}
		h := binary.LittleEndian.Uint32(b[:])
		if h > 1<<20 {
			return nil, fmt.Errorf("%w: header length %d exceeds 1 MiB", ErrNPY, h)
		}
		hlen = int(h)
	default:
		return nil, fmt.Errorf("%w: unsupported format version %d.%d", ErrNPY, pre[6], pre[7])
	}
	hbuf := make([]byte, hlen)
	if _, err := io.ReadFull(br, hbuf); err != nil {
		return nil, npyReadErr(err, fmt.Sprintf("header of %d bytes", hlen))
	}
	h, err := parseNPYHeader(string(hbuf))
	if err != nil {
		return nil, err
	}
	conv, size, err := npyDecoder(h.descr)
	if err != nil {
		return nil, err
	}
	rows, cols := 1, 1
	switch len(h.shape) {
	case 0:
	case 1:
		rows = h.shape[0]
	case 2:
		rows, cols = h.shape[0], h.shape[1]
	default:
		return nil, fmt.Errorf("%w: %d-dimensional array of shape %v, want at most 2 dimensions", ErrNPY, len(h.shape), h.shape)
	}
	if rows == 0 || cols == 0 {
		return nil, fmt.Errorf("%w: empty array of shape %v", ErrNPY, h.shape)
	}
	if rows > maxNPYElems/cols {
		return nil, fmt.Errorf("%w: shape %v exceeds %d elements", ErrNPY, h.shape, maxNPYElems)
	}
	n := rows * cols
	// Read in chunks, so that a header promising more than the file holds
	// fails on the truncation rather than on a huge allocation.
	const chunk = 1 << 20
	var raw []byte
	for len(raw) < n*size {
		want := min(chunk, n*size-len(raw))
		start := len(raw)
		raw = append(raw, make([]byte, want)...)
		got, err := io.ReadFull(br, raw[start:])
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("%w: truncated: shape %v of %s needs %d data bytes, found %d", ErrNPY, h.shape, h.descr, n*size, start+got)
			}
			return nil, fmt.Errorf("datasets: reading .npy data: %w", err)
		}
	}
	if _, err := br.ReadByte(); err == nil {
		return nil, fmt.Errorf("%w: trailing bytes after %d data bytes", ErrNPY, n*size)
	} else if err != io.EOF {
		return nil, fmt.Errorf("datasets: reading .npy data: %w", err)
	}
	X := mat.NewDense(rows, cols, nil)
	for k := 0; k < n; k++ {
		v := conv(raw[k*size : (k+1)*size])
		i, j := k/cols, k%cols
		if h.fortran {
			i, j = k%rows, k/rows
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: element [%d,%d] is %v", ErrNPY, i, j, v)
		}
		X.Set(i, j, v)
	}
	return X, nil
}

// ReadNPYVector reads a .npy array of shape (n,), (n, 1) or (1, n) with
// ReadNPY and returns its n values. It returns ReadNPY's errors and an error
// wrapping ErrNPY for any other shape.
func ReadNPYVector(r io.Reader) ([]float64, error) {
	X, err := ReadNPY(r)
	if err != nil {
		return nil, err
	}
	rows, cols := X.Dims()
	if rows != 1 && cols != 1 {
		return nil, fmt.Errorf("%w: a %d×%d array is not a vector", ErrNPY, rows, cols)
	}
	return X.RawMatrix().Data[:rows*cols], nil
}

func npyReadErr(err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated: cannot read the %s", ErrNPY, what)
	}
	return fmt.Errorf("datasets: reading .npy %s: %w", what, err)
}

// npyDecoder returns a converter of one element of the dtype descr to
// float64 and the element size.
func npyDecoder(descr string) (func([]byte) float64, int, error) {
	bad := fmt.Errorf("%w: unsupported element type %q (want a float, integer or boolean dtype)", ErrNPY, descr)
	if len(descr) < 3 {
		return nil, 0, bad
	}
	var order binary.ByteOrder
	switch descr[0] {
	case '<':
		order = binary.LittleEndian
	case '>':
		order = binary.BigEndian
	case '|', '=':
		order = binary.LittleEndian // '|' is for one-byte types; '=' is native, little-endian on the platforms NumPy writes it for
	default:
		return nil, 0, bad
	}
	size, err := strconv.Atoi(descr[2:])
	if err != nil {
		return nil, 0, bad
	}
	kind := descr[1]
	switch {
	case kind == 'f' && size == 8:
		return func(b []byte) float64 { return math.Float64frombits(order.Uint64(b)) }, 8, nil
	case kind == 'f' && size == 4:
		return func(b []byte) float64 { return float64(math.Float32frombits(order.Uint32(b))) }, 4, nil
	case kind == 'i' || kind == 'u':
		var get func([]byte) uint64
		switch size {
		case 1:
			get = func(b []byte) uint64 { return uint64(b[0]) }
		case 2:
			get = func(b []byte) uint64 { return uint64(order.Uint16(b)) }
		case 4:
			get = func(b []byte) uint64 { return uint64(order.Uint32(b)) }
		case 8:
			get = order.Uint64
		default:
			return nil, 0, bad
		}
		if kind == 'u' {
			return func(b []byte) float64 { return float64(get(b)) }, size, nil
		}
		shift := 64 - 8*size
		return func(b []byte) float64 { return float64(int64(get(b)<<shift) >> shift) }, size, nil
	case kind == 'b' && size == 1:
		return func(b []byte) float64 {
			if b[0] != 0 {
				return 1
			}
			return 0
		}, 1, nil
	}
	return nil, 0, bad
}

// parseNPYHeader parses the Python dict literal of a .npy header, e.g.
// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }.
func parseNPYHeader(s string) (npyHeader, error) {
	var h npyHeader
	p := &npyParser{s: strings.TrimRight(s, " \n\x00")}
	fail := func(what string) (npyHeader, error) {
		return npyHeader{}, fmt.Errorf("%w: header %q: %s at byte %d", ErrNPY, truncate(s, 120), what, p.i)
	}
	if !p.eat('{') {
		return fail("expected '{'")
	}
	seen := map[string]bool{}
	for {
		p.space()
		if p.eat('}') {
			break
		}
		key, ok := p.str()
		if !ok {
			return fail("expected a quoted key")
		}
		p.space()
		if !p.eat(':') {
			return fail("expected ':'")
		}
		p.space()
		switch key {
		case "descr":
			v, ok := p.str()
			if !ok {
				return fail("descr is not a string (structured dtypes are not supported)")
			}
			h.descr = v
		case "fortran_order":
			switch {
			case p.word("True"):
				h.fortran = true
			case p.word("False"):
				h.fortran = false
			default:
				return fail("fortran_order is not True or False")
			}
		case "shape":
			v, ok := p.tuple()
			if !ok {
				return fail("shape is not a tuple of non-negative integers")
			}
			h.shape = v
		default:
			return fail(fmt.Sprintf("unknown key %q", key))
		}
		if seen[key] {
			return fail(fmt.Sprintf("repeated key %q", key))
		}
		seen[key] = true
		p.space()
		if p.eat(',') {
			continue
		}
		p.space()
		if p.eat('}') {
			break
		}
		return fail("expected ',' or '}'")
	}
	p.space()
	if p.i != len(p.s) {
		return fail("trailing characters after the dict")
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return fail(fmt.Sprintf("missing key %q", k))
		}
	}
	return h, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// npyParser is a cursor over a header string.
type npyParser struct {
	s string
	i int
}

func (p *npyParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *npyParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *npyParser) word(w string) bool {
	if strings.HasPrefix(p.s[p.i:], w) {
		p.i += len(w)
		return true
	}
	return false
}

// str parses a string in single or double quotes (no escapes).
func (p *npyParser) str() (string, bool) {
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", false
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", false
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, true
}

// tuple parses (), (n,), (n, m), (n, m,) … of non-negative decimal
// integers of at most 12 digits.
func (p *npyParser) tuple() ([]int, bool) {
	if !p.eat('(') {
		return nil, false
	}
	out := []int{}
	for {
		p.space()
		if p.eat(')') {
			return out, true
		}
		j := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if j == p.i || p.i-j > 12 {
			return nil, false
		}
		v, _ := strconv.Atoi(p.s[j:p.i])
		out = append(out, v)
		p.space()
		if p.eat(',') {
			continue
		}
		if p.eat(')') {
			return out, true
		}
		return nil, false
	}
}

// WriteNPYFile writes X to the named file with WriteNPY.
func WriteNPYFile(name string, X mat.Matrix) error {
	return writeFile(name, func(w io.Writer) error { return WriteNPY(w, X) })
}

// ReadNPYFile reads a matrix from the named file with ReadNPY; errors name
// the file.
func ReadNPYFile(name string) (*mat.Dense, error) {
	return readFile(name, ReadNPY)
}
