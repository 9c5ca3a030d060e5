// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package datasets generates and loads the data of relulab's studies.
package datasets
