"""Signal receivers of the cbm app: statistics recompiles after plan items change."""
