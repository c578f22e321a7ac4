// Every test file starts with the real feature list installed (src/features.ts registers it when loaded), so a
// unit test of the parsers or the texts sees the features' commands and sentences as the app does.
import '../../src/features.js';
