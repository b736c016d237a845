// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

/// kube-apiserver's field errors (k8s.io/apimachinery/pkg/util/validation/field) and name rules, in the wording of
/// current Kubernetes: the causes ({"reason","message","field"}) of a 422 Invalid answer.
namespace SimFieldErrors {

[[nodiscard]] bool fullMatch(const QString &format, const QString &text);
/// validation.RegexError: "MSG (e.g. 'a',  or 'b', regex used for validation is 'FMT')".
[[nodiscard]] QString regexError(const QString &message, const QString &format, const QStringList &examples);
[[nodiscard]] QString maxLenError(int length);
[[nodiscard]] QStringList dns1123Label(const QString &value);
[[nodiscard]] QStringList dns1123Subdomain(const QString &value);
[[nodiscard]] QStringList dns1035Label(const QString &value);
/// Go's %q of a string, as field.Invalid prints it.
[[nodiscard]] QString quoted(const QString &value);
[[nodiscard]] QJsonObject cause(const QString &reason, const QString &message, const QString &field);
[[nodiscard]] QJsonObject invalid(const QString &field, const QString &shownValue, const QString &detail);
[[nodiscard]] QJsonObject required(const QString &field, const QString &detail = {});
[[nodiscard]] QJsonObject notSupported(const QString &field, const QString &value, const QStringList &supported);
[[nodiscard]] QJsonObject forbidden(const QString &field, const QString &detail);
/// "path[key]"
[[nodiscard]] QString keyPath(const QString &path, const QString &key);

} // namespace SimFieldErrors
