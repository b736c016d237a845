// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

/// The status line of an HTTP/1.1 answer, for the servers we run (the simulator, the tests' servers).
class HttpStatusLine
{
public:
    /// "OK", "Not Found", ...; "Unknown" for a code without one here.
    [[nodiscard]] static QByteArray reasonPhrase(int code);
    /// "HTTP/1.1 404 Not Found\r\n".
    [[nodiscard]] static QByteArray line(int code);
};
