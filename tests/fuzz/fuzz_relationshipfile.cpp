// SPDX-License-Identifier: GPL-3.0-or-later
// A relationship file of any bytes. What parses must write back to a file that parses to the same thing, and
// writing that again must give the same bytes. Inputs that once failed are in tests/data/engine/roundtrip.
#include "engine/relationshipstore.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto relationship = RelationshipStore::parse(text, QStringLiteral("fuzz.yaml"), &error);
    if (!relationship) {
        if (error.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    const QByteArray written = RelationshipStore::serialize(*relationship);
    const auto again = RelationshipStore::parse(written, QStringLiteral("fuzz-written.yaml"), &error);
    if (!again)
        std::abort(); // we wrote a file we cannot read
    if (again->id != relationship->id || again->version != relationship->version
        || again->rsyncTls != relationship->rsyncTls || again->source != relationship->source
        || again->destination != relationship->destination)
        std::abort(); // writing changed the meaning
    if (RelationshipStore::serialize(*again) != written)
        std::abort(); // writing what we wrote is not a fixed point
    return 0;
}
