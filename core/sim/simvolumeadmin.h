// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simhttprequest.h"

class SimStore;

/// The admin endpoint of the volumes' content (SimVolumeContent), for tests and the demo:
///   GET /_sim/volumes/namespaces/NS/persistentvolumeclaims/NAME   -> {"generation": "A", "bytes": 1024}
///   PUT /_sim/volumes/namespaces/NS/persistentvolumeclaims/NAME   {"generation": "B", "bytes": 2048}
///   GET /_sim/volumes/namespaces/NS/volumesnapshots/NAME          -> what the snapshot froze
/// A write needs a Bound claim (an application cannot write to a volume that does not exist yet).
class SimVolumeAdmin
{
public:
    [[nodiscard]] static SimHttpResponse handle(const SimHttpRequest &request, SimStore *store);
};
