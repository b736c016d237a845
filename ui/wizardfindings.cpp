// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardfindings.h"

#include "statusstyle.h"

#include <QStringList>

QString WizardFindings::html(const QList<DraftFinding> &findings, const QPalette &palette)
{
    QStringList lines;
    for (DraftFinding::Severity severity :
        {DraftFinding::Severity::Error, DraftFinding::Severity::Warning, DraftFinding::Severity::Info}) {
        for (const DraftFinding &f : findings) {
            if (f.severity != severity) {
                continue;
            }
            const StatusStyle::Kind kind = severity == DraftFinding::Severity::Error ? StatusStyle::Kind::Error
                : severity == DraftFinding::Severity::Warning                        ? StatusStyle::Kind::Warning
                                                                                     : StatusStyle::Kind::Neutral;
            QString line = StatusStyle::badgeHtml(kind, f.message, palette);
            if (!f.fix.isEmpty()) {
                line += QStringLiteral("<br><tt>")
                    + f.fix.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))
                    + QStringLiteral("</tt>");
            }
            lines.append(line);
        }
    }
    return lines.join(QStringLiteral("<br>"));
}
