// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeerror.h"
#include "kuberequest.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

/// What KubeClient::requestObserved() reports about one API call: enough for an activity log, never a header,
/// a body or a query (continue tokens, selectors), so nothing secret can travel through it.
struct KubeRequestRecord {
    enum class Event {
        Finished, ///< the request is done (ok, failed or canceled); for a watch: the stream ended
        WatchStarted, ///< a watch stream is open (the server answered 200)
    };

    Event event = Event::Finished;
    KubeRequest::Verb verb = KubeRequest::Verb::Get;
    QByteArray method; ///< "GET", "PATCH", ...
    QString path; ///< the encoded path, without the query
    QString description; ///< KubeRequest::describe(): `get replicationsources "x" in namespace "y"`
    QString contextName;
    QString clusterName;
    int httpStatus = 0; ///< of the last attempt, 0 when no answer arrived
    KubeError error; ///< none when the request succeeded
    qint64 durationMs = 0; ///< from send() to now (rate limit waits, credentials and retries included)
    int attempts = 0;
    int retries = 0;
    QString httpVersion; ///< "HTTP/1.1", "HTTP/2", empty when no answer arrived

    [[nodiscard]] bool isWatch() const { return verb == KubeRequest::Verb::Watch; }
};

Q_DECLARE_METATYPE(KubeRequestRecord)
