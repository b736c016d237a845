// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubewatchevent.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// Splits a watch response body (one JSON object per line, arriving in arbitrary chunks)
/// into events. Events may be split across chunks, and one chunk may hold several events.
class KubeWatchDecoder
{
public:
    /// `maxLineBytes`: the largest event accepted; a longer line (or garbage without newlines) is an error.
    explicit KubeWatchDecoder(qsizetype maxLineBytes = MaxLineBytes)
        : mMaxLineBytes(maxLineBytes)
    { }

    /// Appends `chunk` and returns every event that is complete now.
    /// A line that is not a valid event sets error() and is skipped.
    [[nodiscard]] QList<KubeWatchEvent> feed(const QByteArray &chunk);
    /// Call at the end of the stream: decodes a last event without a trailing newline.
    [[nodiscard]] QList<KubeWatchEvent> finish();
    /// Bytes waiting for the rest of their line.
    [[nodiscard]] qsizetype pendingBytes() const { return mBuffer.size(); }
    /// The last decoding problem; empty when none.
    [[nodiscard]] QString error() const { return mError; }
    void reset();

    /// Largest line accepted by default (a guard against a broken stream): 16 MiB.
    static constexpr qsizetype MaxLineBytes = qsizetype(16) * 1024 * 1024;

private:
    bool decodeLine(const QByteArray &line, KubeWatchEvent *event);

    qsizetype mMaxLineBytes = MaxLineBytes;
    QByteArray mBuffer;
    QString mError;
};
