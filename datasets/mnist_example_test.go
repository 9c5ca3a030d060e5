// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/relulab/relulab/datasets"
)

func ExampleLoadMNIST() {
	// A tiny "t10k" split in the MNIST layout: three blank 28×28 images
	// (IDX magic 00 00 08 03, sizes 3, 28, 28) with one lit pixel each,
	// and their labels 0, 1, 7 (magic 00 00 08 01, size 3).
	dir, err := os.MkdirTemp("", "mnist")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	img := append([]byte{0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28}, make([]byte, 3*784)...)
	for i := 0; i < 3; i++ {
		img[16+i*784+i] = 255
	}
	lab := []byte{0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 7}
	os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), img, 0o644)
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), lab, 0o644)

	m, err := datasets.LoadMNIST(dir, "t10k")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, c := m.Images.Dims()
	fmt.Printf("%d×%d images, labels %v, pixel (1, 1) = %v\n", r, c, m.Labels, m.Images.At(1, 1))
	// Digits 0 (label +1) and 1 (label −1); the 7 is dropped.
	X, y, err := m.TwoClass(0, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := X.Dims()
	fmt.Println(n, "images, labels", y)
	// Output:
	// 3×784 images, labels [0 1 7], pixel (1, 1) = 1
	// 2 images, labels [1 -1]
}
