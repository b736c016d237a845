// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>

/// A dark palette like a desktop's dark theme (Breeze Dark's colours), for the tests that check readability and
/// layout in dark mode.
QPalette darkTestPalette();
