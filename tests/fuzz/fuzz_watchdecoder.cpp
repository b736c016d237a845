// SPDX-License-Identifier: GPL-3.0-or-later
// A watch stream of any bytes, cut into chunks at the positions the first byte chooses: the events found
// must not depend on how the stream was cut, and the decoder's buffer must stay bounded.
#include "kube/kubewatchdecoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {
constexpr qsizetype kMaxLine = 4096;

QList<KubeWatchEvent> decode(const QByteArray &stream, qsizetype step, QString *error)
{
    KubeWatchDecoder decoder(kMaxLine);
    QList<KubeWatchEvent> events;
    for (qsizetype at = 0; at < stream.size(); at += step) {
        events += decoder.feed(stream.mid(at, step));
        if (decoder.pendingBytes() > kMaxLine + step)
            std::abort(); // the buffer grows beyond its bound
    }
    events += decoder.finish();
    *error = decoder.error();
    return events;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = qsizetype(data[0] % 64) + 1;
    const QByteArray stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QString chunkedError;
    QString wholeError;
    const QList<KubeWatchEvent> chunked = decode(stream, step, &chunkedError);
    const QList<KubeWatchEvent> whole = decode(stream, stream.size() + 1, &wholeError);
    if (stream.size() <= kMaxLine && chunked.size() != whole.size())
        std::abort();
    if (stream.size() <= kMaxLine && chunkedError.isEmpty() != wholeError.isEmpty())
        std::abort();
    return 0;
}
