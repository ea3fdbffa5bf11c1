demo-wrote = Wrote { $path }
