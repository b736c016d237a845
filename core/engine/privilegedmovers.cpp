// SPDX-License-Identifier: GPL-3.0-or-later
#include "privilegedmovers.h"

QString PrivilegedMovers::annotation()
{
    return QStringLiteral("volsync.backube/privileged-movers");
}

bool PrivilegedMovers::allowedIn(const QJsonObject &namespaceObject)
{
    return namespaceObject.value(QLatin1String("metadata"))
               .toObject()
               .value(QLatin1String("annotations"))
               .toObject()
               .value(annotation())
               .toString()
        == QLatin1String("true");
}

QJsonObject PrivilegedMovers::annotationPatch()
{
    return QJsonObject {{QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("annotations"), QJsonObject {{annotation(), QStringLiteral("true")}}}}}};
}

QString PrivilegedMovers::annotateCommand(const Namespace &ns)
{
    return QStringLiteral("kubectl%1 annotate namespace %2 %3=true")
        .arg(ns.context.isEmpty() ? QString() : QStringLiteral(" --context ") + ns.context, ns.name, annotation());
}

QList<PrivilegedMovers::Namespace> PrivilegedMovers::missing(
    bool rsyncTls, const QList<std::pair<Namespace, QJsonObject>> &sides)
{
    QList<Namespace> out;
    if (!needed(rsyncTls))
        return out;
    for (const auto &[ns, object] : sides) {
        if (!allowedIn(object) && !out.contains(ns))
            out.append(ns);
    }
    return out;
}

QString PrivilegedMovers::missingMessage(const QList<Namespace> &missing)
{
    QStringList commands;
    for (const Namespace &ns : missing)
        commands.append(QStringLiteral("  ") + annotateCommand(ns));
    return QStringLiteral("the rsync (SSH) mover needs privileged movers, but the annotation %1 is missing; run:\n%2\n"
                          "or repeat the command with --allow-privileged-movers (or use an rsync-TLS relationship: "
                          "create --rsynctls)")
        .arg(annotation(), commands.join(QLatin1Char('\n')));
}
