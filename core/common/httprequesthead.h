// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

/// The head of one HTTP/1.1 request: the request line and the header fields, up to the blank line. The one
/// parser of the servers we run: the simulator's API server, the TLS proxy relay and the tests' servers.
/// Lenient as those are: lines may end in LF or CRLF (the head itself must end in CRLF CRLF), lines without
/// a colon are skipped, names and values are trimmed. Qt Core only.
class HttpRequestHead
{
public:
    enum class Parse {
        Incomplete, ///< no blank line yet: wait for more bytes
        Complete, ///< a head with a valid request line: everything is filled in
        Malformed, ///< a head whose request line is not "METHOD TARGET HTTP/1.x" (the fields are filled in)
        TooLarge, ///< no blank line within the allowed bytes
    };

    /// Parses the head at the start of `buffer` into `head`. size() tells how many bytes the head took
    /// (blank line included) on Complete and Malformed.
    static Parse parse(const QByteArray &buffer, HttpRequestHead *head, qsizetype maxBytes = 1024 * 1024);

    [[nodiscard]] QByteArray method() const { return mMethod; } ///< "GET", "CONNECT", ...
    [[nodiscard]] QByteArray target() const { return mTarget; } ///< as sent: "/path?query", "host:443", "http://h/p"
    [[nodiscard]] QByteArray version() const { return mVersion; } ///< "HTTP/1.1"
    [[nodiscard]] QByteArray requestLine() const { return mRequestLine; } ///< trimmed
    [[nodiscard]] qsizetype size() const { return mSize; }

    /// The header fields in order, names as sent (compare case-insensitively), values trimmed.
    [[nodiscard]] const QList<QPair<QByteArray, QByteArray>> &fields() const { return mFields; }
    /// Every value of the field `name` (any case), in order.
    [[nodiscard]] QList<QByteArray> values(const QByteArray &name) const;
    /// The first value of `name`, empty when absent.
    [[nodiscard]] QByteArray value(const QByteArray &name) const;
    /// The values of `name` joined with ", " (how HTTP combines repeated fields).
    [[nodiscard]] QByteArray combinedValue(const QByteArray &name) const;
    [[nodiscard]] bool hasField(const QByteArray &name) const;

    /// Transfer-Encoding names chunked.
    [[nodiscard]] bool isChunked() const;
    /// The Content-Length: 0 when absent, nullopt when it is not a non-negative number.
    [[nodiscard]] std::optional<qint64> contentLength() const;
    /// "Connection: close", or an HTTP/1.0 request.
    [[nodiscard]] bool wantsClose() const;

private:
    QByteArray mMethod;
    QByteArray mTarget;
    QByteArray mVersion;
    QByteArray mRequestLine;
    QList<QPair<QByteArray, QByteArray>> mFields;
    qsizetype mSize = 0;
};
