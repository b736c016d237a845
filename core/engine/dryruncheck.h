// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

/// The server-side dry run (`dryRun=All`) of one object a relationship will create, in plain words.
struct DryRunCheck {
    enum class Outcome {
        Pending, ///< not answered yet
        Passed, ///< the API server accepts the object
        Failed, ///< the API server refused it (or could not be asked); see message
        NotChecked, ///< cannot be checked before Apply has done an earlier step (see message); not a failure
    };

    QString cluster; ///< context name; empty = current-context
    QString kind; ///< "ReplicationDestination", "Secret", "ReplicationSource", "Namespace", ...
    QString namespaceName;
    QString name;
    Outcome outcome = Outcome::Pending;
    QString message; ///< what the server said, or what Apply will do, for a person
    QJsonObject object; ///< what was sent (Secret values are never more than empty placeholders)

    /// "ReplicationSource source/datavol-x7k2q on kind".
    [[nodiscard]] QString objectText() const;
};

Q_DECLARE_METATYPE(DryRunCheck)
