// SPDX-License-Identifier: GPL-3.0-or-later
// A Go duration ("1h2m3.5s") of any text: what parses must format back to the same value.
#include "common/godurations.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto nanoseconds = parseGoDuration(text);
    if (!nanoseconds)
        return 0;
    const QString formatted = formatGoDuration(*nanoseconds);
    const auto again = parseGoDuration(formatted);
    if (!again || *again != *nanoseconds)
        std::abort();
    return 0;
}
