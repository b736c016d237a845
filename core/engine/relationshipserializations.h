// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// How many times RelationshipStore::serialize() has run on the application's main thread, the GUI's (a test checks
/// that the relationships model's reloads convert none there: RelationshipListingLoader digests the files on its
/// worker). Kept out of relationshipstore.h, which most of the code includes.
[[nodiscard]] int mainThreadRelationshipSerializations();
