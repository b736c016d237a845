// SPDX-License-Identifier: GPL-3.0-or-later
#include "lighttestpalette.h"

#include <QStyle>
#include <QStyleFactory>

#include <memory>

QPalette lightTestPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette light = fusion->standardPalette();
    // Set each colour again so that its resolve bit is on: the application palette then takes every role from
    // here, none from the platform theme or an earlier palette.
    for (int group = 0; group < QPalette::NColorGroups; ++group) {
        for (int role = 0; role < QPalette::NColorRoles; ++role) {
            const auto g = QPalette::ColorGroup(group);
            const auto r = QPalette::ColorRole(role);
            if (r == QPalette::NoRole) {
                continue;
            }
            light.setBrush(g, r, light.brush(g, r));
        }
    }
    return light;
}
