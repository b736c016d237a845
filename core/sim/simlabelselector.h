// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// A parsed Kubernetes label selector ("a=b,c!=d,e,!f,g in (x,y),h notin (z)"), also used for the
/// field selectors metadata.name / metadata.namespace (same equality syntax).
class SimLabelSelector
{
public:
    /// Nothing for a malformed selector. An empty text selects everything.
    [[nodiscard]] static std::optional<SimLabelSelector> parse(const QString &text, QString *error = nullptr);

    [[nodiscard]] bool matches(const QJsonObject &labels) const;
    [[nodiscard]] bool isEmpty() const { return mRequirements.isEmpty(); }
    /// Keys named in the selector ("metadata.name"...), to check that a field selector is supported.
    [[nodiscard]] QStringList keys() const;

private:
    enum class Op { Equals, NotEquals, In, NotIn, Exists, NotExists };
    struct Requirement {
        QString key;
        Op op = Op::Exists;
        QStringList values;
    };
    QList<Requirement> mRequirements;
};
