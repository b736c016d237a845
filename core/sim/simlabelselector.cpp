// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simlabelselector.h"

namespace {

// Splits on commas that are not inside parentheses.
QStringList splitTerms(const QString &text, bool *ok)
{
    QStringList terms;
    QString current;
    int depth = 0;
    for (const QChar c : text) {
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            --depth;
        if (depth < 0 || depth > 1) {
            *ok = false;
            return {};
        }
        if (c == QLatin1Char(',') && depth == 0) {
            terms.append(current.trimmed());
            current.clear();
        } else {
            current.append(c);
        }
    }
    *ok = depth == 0;
    terms.append(current.trimmed());
    return terms;
}

bool validKey(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.')
                || c == QLatin1Char('/')))
            return false;
    }
    return true;
}

} // namespace

std::optional<SimLabelSelector> SimLabelSelector::parse(const QString &text, QString *error)
{
    SimLabelSelector selector;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return selector;
    bool ok = true;
    const QStringList terms = splitTerms(trimmed, &ok);
    auto fail = [&](const QString &why) -> std::optional<SimLabelSelector> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!ok)
        return fail(QStringLiteral("unbalanced parentheses in selector \"%1\"").arg(text));
    for (const QString &term : terms) {
        if (term.isEmpty())
            return fail(QStringLiteral("empty term in selector \"%1\"").arg(text));
        Requirement req;
        const qsizetype paren = term.indexOf(QLatin1Char('('));
        if (paren >= 0) {
            if (!term.endsWith(QLatin1Char(')')))
                return fail(QStringLiteral("malformed set term \"%1\"").arg(term));
            const QStringList head = term.left(paren).simplified().split(QLatin1Char(' '));
            if (head.size() != 2)
                return fail(QStringLiteral("malformed set term \"%1\"").arg(term));
            req.key = head.at(0);
            if (head.at(1) == QLatin1String("in"))
                req.op = Op::In;
            else if (head.at(1) == QLatin1String("notin"))
                req.op = Op::NotIn;
            else
                return fail(QStringLiteral("unknown operator \"%1\" in \"%2\"").arg(head.at(1), term));
            const QString inner = term.mid(paren + 1, term.size() - paren - 2);
            for (const QString &value : inner.split(QLatin1Char(',')))
                req.values.append(value.trimmed());
        } else if (term.startsWith(QLatin1Char('!'))) {
            req.key = term.mid(1).trimmed();
            req.op = Op::NotExists;
        } else if (const qsizetype ne = term.indexOf(QLatin1String("!=")); ne >= 0) {
            req.key = term.left(ne).trimmed();
            req.op = Op::NotEquals;
            req.values = {term.mid(ne + 2).trimmed()};
        } else if (const qsizetype eq = term.indexOf(QLatin1Char('=')); eq >= 0) {
            req.key = term.left(eq).trimmed();
            req.op = Op::Equals;
            QString value = term.mid(eq + 1);
            if (value.startsWith(QLatin1Char('=')))
                value = value.mid(1);
            req.values = {value.trimmed()};
        } else {
            req.key = term;
            req.op = Op::Exists;
        }
        if (!validKey(req.key))
            return fail(QStringLiteral("invalid key \"%1\" in selector \"%2\"").arg(req.key, text));
        selector.mRequirements.append(req);
    }
    return selector;
}

bool SimLabelSelector::matches(const QJsonObject &labels) const
{
    for (const Requirement &req : mRequirements) {
        const bool has = labels.contains(req.key);
        const QString value = labels.value(req.key).toString();
        switch (req.op) {
        case Op::Equals:
            if (!has || value != req.values.value(0))
                return false;
            break;
        case Op::NotEquals:
            if (has && value == req.values.value(0))
                return false;
            break;
        case Op::In:
            if (!has || !req.values.contains(value))
                return false;
            break;
        case Op::NotIn:
            if (has && req.values.contains(value))
                return false;
            break;
        case Op::Exists:
            if (!has)
                return false;
            break;
        case Op::NotExists:
            if (has)
                return false;
            break;
        }
    }
    return true;
}

QStringList SimLabelSelector::keys() const
{
    QStringList result;
    for (const Requirement &req : mRequirements)
        result.append(req.key);
    return result;
}
