// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ErrCSV is wrapped by every error that ReadCSV returns for malformed CSV
// data.
var ErrCSV = errors.New("datasets: malformed CSV data")

// WriteCSV writes the r×c matrix X as r lines of c comma-separated numbers,
// each in the shortest form that reads back to the same float64
// (strconv 'g', precision −1), so ReadCSV(WriteCSV(X)) = X bit for bit.
// It returns an error wrapping ErrNotFinite naming the entry if X holds NaN
// or ±Inf, which ReadCSV would refuse, and the writer's errors.
func WriteCSV(w io.Writer, X mat.Matrix) error {
	r, c := X.Dims()
	if err := checkFinite(X); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	var buf []byte
	for i := 0; i < r; i++ {
		buf = buf[:0]
		for j := 0; j < c; j++ {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendFloat(buf, X.At(i, j), 'g', -1, 64)
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("datasets: writing CSV: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("datasets: writing CSV: %w", err)
	}
	return nil
}

func checkFinite(X mat.Matrix) error {
	r, c := X.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("datasets: entry [%d,%d] is %v: %w", i, j, v, ErrNotFinite)
			}
		}
	}
	return nil
}

// ReadCSV reads a matrix written as lines of comma-separated numbers (as
// WriteCSV writes them, or as numpy.savetxt(..., delimiter=",") and most
// spreadsheets do). Blank lines and lines starting with '#' are skipped,
// fields may be quoted and surrounded by spaces. The first record is taken
// as a header and skipped if none of its fields is a number.
//
// ReadCSV returns an error wrapping ErrCSV that gives the line (and column)
// if the data are empty, rows have different lengths, a field is not a
// number, or a number is NaN or ±Inf; and the reader's errors.
func ReadCSV(r io.Reader) (*mat.Dense, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	var data []float64
	cols, rows := -1, 0
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%w: line %d: %v", ErrCSV, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("datasets: reading CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if isHeader(rec) {
				continue
			}
		}
		if cols < 0 {
			cols = len(rec)
		} else if len(rec) != cols {
			return nil, fmt.Errorf("%w: line %d has %d fields, earlier rows have %d", ErrCSV, line, len(rec), cols)
		}
		for j, f := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return nil, fmt.Errorf("%w: line %d, column %d: %q is not a number", ErrCSV, line, j+1, f)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: line %d, column %d: %q is not finite", ErrCSV, line, j+1, f)
			}
			data = append(data, v)
		}
		rows++
	}
	if rows == 0 || cols == 0 {
		return nil, fmt.Errorf("%w: no data rows", ErrCSV)
	}
	return mat.NewDense(rows, cols, data), nil
}

// isHeader reports whether no field of rec parses as a number.
func isHeader(rec []string) bool {
	for _, f := range rec {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return false
		}
	}
	return true
}

// WriteCSVFile writes X to the named file with WriteCSV.
func WriteCSVFile(name string, X mat.Matrix) error {
	return writeFile(name, func(w io.Writer) error { return WriteCSV(w, X) })
}

// ReadCSVFile reads a matrix from the named file with ReadCSV; errors name
// the file.
func ReadCSVFile(name string) (*mat.Dense, error) {
	return readFile(name, ReadCSV)
}

// readFile reads the named file with read; errors of read name the file.
func readFile[T any](name string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(name)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
