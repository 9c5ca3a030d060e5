// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command tour runs a small version of every relulab study.
package main

import "fmt"

func main() {
	fmt.Println("relulab tour: the studies are coming.")
}
